"""A review page for producers: one HTML file that opens from the file system, no server, no
request leaving the machine. The video with switchable WebVTT tracks, the cue list (click to
seek, the cue being spoken highlighted), confidence as colour, QC findings inline, the blocks
that are not subtitles, the contact sheet and the QC summary."""

from __future__ import annotations

import base64
import html
import json
import os
import shutil
from pathlib import Path
from typing import Sequence
from urllib.parse import quote, unquote

from .errors import SubtitlerError
from .fonts import FACE_INDEX
from .model import NOT_SAID, TIMING_FALLBACK, Block, Cue, Role
from .pipeline import Project, font_of, load_cues, parse, run_project_qc, write_atomic
from .qc import ERROR, Finding
from .textutil import chinese_script, clock
from .tracks import first_frame, frame_rate, to_vtt


def _href(path: Path, base: Path) -> str:
    """``path`` as a URL relative to the folder ``base``: each part percent-encoded, so a
    folder or file name holding # ? % or a space is one file to the browser (a project named
    'ep #2' had its burned render cut at the #, and the page said it could not be loaded)."""
    return quote(Path(os.path.relpath(path, base)).as_posix(), safe="/")


def _data_url(text: str, mime: str) -> str:
    return f"data:{mime};base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")


def _measured(c: Cue, timed_by_audio: bool) -> bool:
    """Whether the cue's confidence says anything: timed against the narration, shown."""
    return timed_by_audio and c.shown and TIMING_FALLBACK not in c.flags


def _conf_class(c: Cue, timed_by_audio: bool = True) -> str:
    if not _measured(c, timed_by_audio):
        return "conf-none"
    return "conf-high" if c.confidence >= 0.7 else "conf-mid" if c.confidence >= 0.4 \
        else "conf-low"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _line(text: str) -> str:
    """One subtitle line, kept on one line as it airs."""
    return f'<span class="line">{_e(text)}</span>'


def keys_legend(video: bool) -> str:
    """The page's keys, said once beside the cue list's heading (small, muted: the page is for
    the cues); Space only where there is a video to play."""
    keys = [("j", "k", "next/previous cue"), ("n", "N", "next/previous flagged")]
    if video:
        keys.append(("Space", "", "play/pause"))
    return ('<span class="keys" id="keys">' + " · ".join(
        f'<kbd>{a}</kbd>{f"/<kbd>{b}</kbd>" if b else ""} {what}' for a, b, what in keys)
        + "</span>")


def render_page(title: str, cues: Sequence[Cue], blocks: Sequence[Block],
                findings: Sequence[Finding], *, video_src: str | None,
                stills_src: Sequence[str] | None,
                burned_src: str | None = None, burned_stale: bool = False,
                credits_rows: Sequence[tuple[str, str, str]] = (),
                fonts: dict[str, str] | None = None, timed_by_audio: bool = True,
                fps: float | None = None, video_absent: str | None = None) -> str:
    """The page as one HTML string (pure). Tracks are embedded as data: URLs, so the page
    needs no server: browsers refuse to load <track> files beside a file:// page. Without
    ``timed_by_audio`` (reading speed, an editor's file) confidence shows as n/a. ``fps``:
    the burned render's frame rate, whose frames show a cue from the first at or after its
    start: a row takes the burned render to the middle of that frame (at the start itself,
    the frame before showed, without the caption). ``video_absent``: the `video:` that
    project.yaml names when no file is there (the page had asked for the key to be set)."""
    def frame_of(ms: int) -> str:
        if not fps:
            return ""
        middle = (first_frame(ms, fps) + 0.5) / frame_rate(fps) * 1000
        return f' data-frame="{float(middle):.1f}"'

    by_cue: dict[str, list[Finding]] = {}
    for f in findings:
        by_cue.setdefault(f.cue, []).append(f)
    errors = sum(1 for f in findings if f.severity == ERROR)
    warnings = len(findings) - errors
    spoken = [c for c in cues if c.spoken]
    shown = [c for c in spoken if c.shown]
    # (not the cues project.yaml gives as not said, a shorter cut: the editor's word)
    flagged = [c for c in spoken if not c.shown and NOT_SAID not in c.flags]
    zh_lang = "zh-" + chinese_script("".join(c.text("zh") for c in cues)
                                     + "".join(b.zh for b in blocks))  # zh-Hans or zh-Hant
    tracks = []
    for lang, label, default in (("en", "English", False), ("zh", "中文", False),
                                 ("bilingual", "中文 + English", True)):
        vtt = to_vtt(cues, lang)
        tracks.append(f'<track kind="subtitles" srclang="{zh_lang if lang != "en" else "en"}" '
                      f'label="{label}" data-lang="{lang}" src="{_data_url(vtt, "text/vtt")}"'
                      f'{" default" if default else ""}>')
    rows = []
    for c in spoken:
        fs = by_cue.get(c.id, [])
        qc = "".join(f'<li class="{f.severity}" title="{_e(f.source)}">{_e(f.rule)}: '
                     f'{_e(f.message)}</li>' for f in fs)
        flags = " ".join(f'<span class="flag">{_e(x)}</span>' for x in c.flags)
        measured = _measured(c, timed_by_audio)
        num = f"{c.confidence:.2f}" if measured else "n/a"
        bar = int(c.confidence * 100) if measured else 100
        rows.append(
            f'<tr class="cue {_conf_class(c, timed_by_audio)}{" unshown" if not c.shown else ""}'
            f'{" notsaid" if NOT_SAID in c.flags else ""}" '
            f'data-cue="{_e(c.id)}" data-start="{c.start_ms}" data-end="{c.end_ms}"'
            f'{frame_of(c.start_ms)} '
            f'tabindex="0">'
            f'<td class="time">{clock(c.start_ms)}<br><span class="dur">'
            f'{(c.end_ms - c.start_ms) / 1000:.2f} s</span></td>'
            f'<td class="zh" lang="{zh_lang}">{"".join(_line(x) for x in c.zh)}</td>'
            f'<td class="en" lang="en">{"".join(_line(x) for x in c.en)}</td>'
            f'<td class="conf"><span class="bar" style="width:{bar}%">'
            f'</span><span class="num">{num}</span> {flags}<ul class="qc">{qc}</ul></td></tr>')
    cards = "".join(
        f'<tr class="card" data-card="{_e(c.id)}" data-start="{c.start_ms}"{frame_of(c.start_ms)}'
        ' tabindex="0">'
        f'<td>{clock(c.start_ms)}</td>'
        f'<td>{_e(c.role.value)}</td><td lang="{zh_lang}">{_e(" ".join(c.zh))}</td>'
        f'<td>{_e(" ".join(c.en))}</td></tr>' for c in cues if not c.spoken)
    other = "".join(
        f'<tr><td>{_e(b.id)}</td><td>{_e(b.role.value)}</td>'
        f'<td lang="{zh_lang}">{_e(b.zh)}</td><td>{_e(b.en)}</td></tr>'
        for b in blocks if b.role in (Role.NOTE, Role.LEAD, Role.ACK))
    credits = "".join(f'<tr><td lang="{zh_lang}">{_e(zh)}</td><td>{_e(en)}</td>'
                      f'<td>{_e(names)}</td></tr>' for zh, en, names in credits_rows)
    status = "fail" if errors else "pass"

    def count(n: int, what: str, kind: str) -> str:
        """A count in the summary; one above 0 takes the producer to the next such cue
        (a long episode's list had to be scrolled through to find them)."""
        if not n:
            return f"<span><b>{n}</b> {what}</span>"
        return (f'<button type="button" class="next" data-next="{kind}" '
                f'title="go to the next cue ({what})"><b>{n}</b> {what}</button>')

    video = (f'<video id="video" controls tabindex="0" preload="metadata" '
             f'aria-label="the episode, with its subtitles" src="{_e(video_src)}">'
             f'{"".join(tracks)}</video><p class="novideo" id="video-missing" hidden>'
             f'The video could not be loaded from <code>{_e(unquote(video_src))}</code> '
             f'(relative to this page): run <code>make review</code> again where the media is.</p>') \
        if video_src else \
        (f'<p class="novideo">No video: project.yaml names <code>{_e(video_absent)}</code>, '
         'which is not there: put it there (<code>make fetch</code> downloads it from '
         '<code>video_source</code>) and run <code>make review</code> again.</p>'
         if video_absent else
         '<p class="novideo">No video: set <code>video:</code> in project.yaml.</p>')
    # (the time to the millisecond, as the rows give it: the player's own controls say whole
    # seconds, and a caption's start could not be checked against the picture)
    buttons = ('<div class="tracks">Subtitles: ' + "".join(
        f'<button type="button" data-track="{lang}" aria-pressed="false">{label}</button>'
        for lang, label in (("en", "English"), ("zh", "中文"), ("bilingual", "Both"),
                            ("off", "Off")))
        + '<span class="now" title="where the video is">at <output id="now">'
          f'{clock(0)}</output></span></div>') if video_src else ""
    if video_src and burned_src:  # the render as it will air: cards, captions at the top, credits
        note = " (older than the cues: run make burn)" if burned_stale else ""
        buttons += ('<div class="pictures">Picture: '
                    f'<button type="button" data-src="{_e(video_src)}" aria-pressed="true" '
                    'class="on">Video with the tracks</button>'
                    f'<button type="button" data-src="{_e(burned_src)}" aria-pressed="false">'
                    f'Burned render{_e(note)}</button></div>')
    if video_src:  # the cue at the video's time, its QC beside the picture, and a way back to
        # its row (the list scrolled elsewhere, or its findings out of sight across the page)
        buttons += ('<div class="playing" id="playing"><button type="button" id="playing-row" '
                    'disabled title="show its row in the list">No cue at this time</button>'
                    '<ul class="qc" id="playing-qc"></ul></div>')
    stills = ('<section id="stills"><h2>Contact sheet</h2>' + "".join(
        f'<a href="{_e(src)}" target="_blank" title="open full size"><img src="{_e(src)}" '
        f'alt="A frame from each cue with its captions'
        f'{f", page {n}" if len(stills_src) > 1 else ""}"></a>'
        for n, src in enumerate(stills_src, 1)) + '</section>') if stills_src else ""
    faces = "".join(
        f'@font-face {{ font-family: "Review CJK"; font-weight: {w}; '
        f'src: url("{_e(src)}") format("opentype"); }}\n'
        for w, src in sorted((fonts or {}).items()))
    return _TEMPLATE.format(
        faces=faces, title=_e(title), status=status, errors=errors, warnings=warnings,
        n_shown=len(shown), n_cards=sum(1 for c in cues if not c.spoken),
        errors_count=count(errors, "errors", "error"),
        warnings_count=count(warnings, "warnings", "warning"),
        flagged_count=count(len(flagged), "not heard", "unshown"),
        video=video, buttons=buttons, rows="".join(rows), cards=cards, other=other,
        credits=credits, stills=stills, script=_SCRIPT, style=_STYLE,
        keys=keys_legend(video_src is not None),
        rules=_e(", ".join(sorted({f.rule for f in findings})) or "none"))


def credit_rows(project: Project, blocks: Sequence[Block]) -> list[tuple[str, str, str]]:
    from . import credits as creditsmod

    cfg = project.config.credits
    roles, names = creditsmod.project_tables(cfg)
    rows = []
    for credit in creditsmod.credits_of([b for b in blocks if b.role is Role.CREDITS], roles,
                                        names=names):
        rows.append((credit.role_zh, credit.role_en,
                     " · ".join(" ".join(n.both()).strip() for n in credit.names)))
    return rows


def build_review(project: Project, *, stills: bool = True) -> Path:
    """Write build/review/index.html and what it needs beside it (the contact sheet)."""
    out_dir = project.build_dir / "review"
    out_dir.mkdir(parents=True, exist_ok=True)
    cues = load_cues(project)
    blocks = parse(project).blocks
    findings, _ = run_project_qc(project, cues)
    video_src = None
    stills_src = None
    video = project.video_path
    if video is not None and video.is_file():
        video_src = _href(video, out_dir)
        if stills:
            from .render import stills as make_stills

            stills_src = []
            for sheet in make_stills(project):
                name = sheet.name[len(project.name) + 1:]  # stills.png, stills-2.png, ...
                shutil.copyfile(sheet, out_dir / name)
                stills_src.append(name)
            for old in out_dir.glob("stills-*.png"):  # pages a longer episode left
                if old.name not in stills_src:
                    old.unlink()
    burned_src, burned_stale, fps = None, False, None
    burned = project.out(".burned.mp4")
    if video_src and burned.is_file():
        from .pipeline import frame_size

        fps = frame_size(project)[2] or project.config.limits.fps  # (the burn's frames)
        burned_src = _href(burned, out_dir)
        cues_file = project.out(".cues.json")
        burned_stale = cues_file.is_file() and \
            burned.stat().st_mtime < cues_file.stat().st_mtime
    credits = credit_rows(project, blocks)
    title = project.config.title or project.name
    # the page's own font: the bundled face cut to the characters the page shows, beside it
    text = title + "".join(b.en + b.zh for b in blocks) + "".join("".join(r) for r in credits) \
        + "".join(c.text("en") + c.text("zh") for c in cues) + "中文英语字幕"
    from .fonts import static_fonts

    family = font_of(project, cues)
    font_dir = static_fonts(text, out_dir, family=family) if family in FACE_INDEX else None
    fonts = {}
    if font_dir is not None:
        for weight, style in ((400, "Regular"), (700, "Bold")):
            found = sorted(font_dir.glob(f"*-{style}.otf"))
            if found:
                fonts[str(weight)] = f"{font_dir.name}/{found[0].name}"
    from .pipeline import timing_source

    page = render_page(title, cues, blocks, findings, video_src=video_src,
                       stills_src=stills_src, burned_src=burned_src, burned_stale=burned_stale,
                       credits_rows=credits, fonts=fonts,
                       timed_by_audio=timing_source(project) == "audio", fps=fps,
                       video_absent=project.config.video if video is not None and
                       video_src is None else None)
    path = out_dir / "index.html"
    write_atomic(path, page)
    write_atomic(out_dir / "cues.json",
                 json.dumps({"cues": [c.id for c in cues]}, indent=1) + "\n")
    return path


class _Slice:
    """The bytes [start, start + length) of an open file, read as a file."""

    def __init__(self, f, length: int):
        self.f, self.left = f, length

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        data = self.f.read(n) if n > 0 else b""
        self.left -= len(data)
        return data

    def close(self) -> None:
        self.f.close()


def serve_root(directory: Path, also: Path | None = None) -> Path:
    """The folder :func:`serve` serves from: ``directory``, or the folder holding both it and
    ``also`` (a video kept outside the project: the page's address of it goes up from the
    project's folder, and the server had answered 404)."""
    # (paths as written, not resolved: a media folder linked in from elsewhere is served as
    # part of the project, as it always was)
    folder = Path(os.path.abspath(directory))
    if also is None:
        return folder
    return Path(os.path.commonpath([folder, os.path.dirname(os.path.abspath(also))]))


def serve(directory: Path, port: int, *, ready=None, also: Path | None = None) -> None:
    """Serve ``directory`` on 127.0.0.1:``port`` until interrupted, answering byte-range
    requests: a browser seeks in a video only when the server does (Python's http.server
    alone sends the whole file, and the page's cue clicks then cannot move the video).
    ``also``: one file outside ``directory`` served too (from :func:`serve_root`; nothing
    else outside ``directory`` is). ``ready(server)`` is called once it listens."""
    import http.server
    import re

    root = serve_root(directory, also)
    inside = Path(os.path.abspath(directory))
    extra = Path(os.path.abspath(also)) if also is not None else None

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, format, *args):  # quiet: the terminal shows the URL only
            pass

        def translate_path(self, path):
            # (http.server's own path stays under the root, ".." and all)
            local = Path(super().translate_path(path))
            if local == extra or local == inside or inside in local.parents:
                return str(local)
            return str(inside / ".no-such-file")  # (404: only the project and its video)

        def send_head(self):
            path = self.translate_path(self.path)
            m = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", "").strip())
            if not m or not (m[1] or m[2]) or not os.path.isfile(path):
                return super().send_head()
            try:
                f = open(path, "rb")
            except OSError:
                self.send_error(404, "File not found")
                return None
            size = os.fstat(f.fileno()).st_size
            start, end = (int(m[1]), int(m[2]) if m[2] else size - 1) if m[1] else \
                (max(0, size - int(m[2])), size - 1)
            end = min(end, size - 1)
            if start > end:
                f.close()
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{size}")
                self.end_headers()
                return None
            self.send_response(206)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
            self.send_header("Content-Length", str(end - start + 1))
            self.send_header("Accept-Ranges", "bytes")
            self.end_headers()
            f.seek(start)
            return _Slice(f, end - start + 1)

    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    except OSError as exc:
        raise SubtitlerError(f"cannot serve on port {port}: {exc.strerror}",
                             fix="choose another: --port 8001 (make review-serve PORT=8001)") \
            from None
    with server:
        if ready is not None:
            ready(server)
        server.serve_forever()


_STYLE = """
:root { --bg:#f6f7f9; --fg:#1c2430; --mut:#5f6b7f; --ok:#1b7f3b; --bad:#b42318; --warn:#b54708;
  /* (muted text at 4.5:1 or more on each ground, the playing row's yellow too: it was 4.49) */
  --focus:#1d4ed8;
  font-family: "Review CJK","Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",
  system-ui,sans-serif; }
body { margin:0; background:var(--bg); color:var(--fg); }
header { padding:12px 20px; background:#fff; border-bottom:1px solid #dde1e6; display:flex;
  gap:6px 24px; align-items:center; }
/* one line on a laptop (at 1280 and 1366 px the rules with findings had a second line, 98 px of
  header): the counts whole, the title and then the rules cut short (each whole in its title),
  the title keeping 12 characters; under 1100 px what does not fit goes to a second line */
header h1 { font-size:20px; margin:0; flex:0 1 auto; min-width:12ch; }
header h1, header .rules { white-space:nowrap; overflow:hidden; text-overflow:ellipsis; }
.summary { display:flex; gap:12px; font-size:14px; white-space:nowrap; flex:none; }
header .rules { display:block; flex:1 1 0; min-width:0; color:var(--mut); }
@media (max-width: 1100px) {
  header { flex-wrap:wrap; }
  header .rules { min-width:12em; }
}
.badge { padding:3px 10px; border-radius:12px; color:#fff; font-weight:600; }
.badge.pass { background:var(--ok); } .badge.fail { background:var(--bad); }
button.next { padding:0; border:none; background:none; color:inherit; cursor:pointer;
  text-decoration:underline dotted; }
main { display:grid; gap:16px;  /* the video as large as the list lets it be: at 1280 to
  1440 px the list takes 580 (its rows' lines above each other, the QC beside them) and the
  video the rest (it had 32%, 397 px of a 1280 px window: the burned captions at a third of
  their size); from 1820 px the list has its full table */
  grid-template-columns:minmax(300px, 1fr) clamp(580px, calc(100vw - 1000px), 880px);
  padding:16px 20px; }
#player { position:sticky; top:12px; align-self:start; }
#player video { display:block; max-height:calc(100vh - 120px); }  /* (a short window: the
  picture, fitted, and its buttons stay in it) */
#list { overflow-x:auto; }
.line { display:block; white-space:nowrap; }
@media (max-width: 1200px) {  /* (narrower, the table's QC column went out of sight) */
  main { grid-template-columns:minmax(0, 1fr); }
  #player { position:static; }
}
@media (max-width: 1200px) and (min-height: 500px) {  /* the player above the list stays at
  the window's top, the rows scrolling under it (it scrolled away: a row's click further down
  moved a video out of sight), and a row scrolled to stops below it */
  #player { position:sticky; top:0; z-index:2; background:var(--bg); padding:6px 0; }
  #player video { display:block; max-height:38vh; }
  html { scroll-padding-top:var(--player-h, 0px); }
}
@media (max-width: 800px) { main { padding:12px 10px; } }
#list { container:list / inline-size; }
@container list (max-width: 820px) {  /* narrower than a row of full lines (two of 16
  Chinese and of 42 English characters: 810 px), the QC column was out of sight past the
  table's scroll bar (half a laptop's screen, a 1240 px window), the English too on a phone:
  each row is its time, its Chinese above its English (as they air), and the QC beside */
  #cues table, #cues tbody { display:block; }
  #cues thead { display:none; }
  tr.cue { display:grid; grid-template-columns:auto minmax(0, 1fr) minmax(150px, 30%);
    grid-template-rows:auto auto 1fr; border-bottom:1px solid #eceff3; }
  /* (a third row, empty, takes what a taller QC column adds: not a gap between the lines) */
  tr.cue td { border-bottom:none; padding:3px 8px; }
  tr.cue td.time { grid-row:1 / span 3; }
  tr.cue td.zh, tr.cue td.en { grid-column:2; min-width:0; }
  tr.cue td.conf { grid-column:3; grid-row:1 / span 3; min-width:0; }
}
@container list (max-width: 560px) {  /* narrower still: the QC under the lines */
  tr.cue { grid-template-columns:auto minmax(0, 1fr); }
  tr.cue td.time { grid-row:1 / span 3; }
  tr.cue td.conf { grid-column:2; grid-row:auto; }
}
@container list (max-width: 480px) {  /* a phone: the time above the lines, which take the
  width */
  tr.cue { grid-template-columns:minmax(0, 1fr); }
  tr.cue td.time { grid-row:auto; }
  tr.cue td.time br { display:none; } tr.cue td.time .dur { margin-left:8px; }
  tr.cue td.zh, tr.cue td.en, tr.cue td.conf { grid-column:1; }
}
video { width:100%; background:#000; border-radius:6px; }
video::cue { font-family: "Review CJK", "Noto Sans CJK SC", sans-serif; }
button { font: inherit; }
/* where the keys are: a ring that shows on any background (the browser's own, 1 px of near
  black, did not on a pressed button, dark itself), a row's inside the list's edges */
:focus-visible { outline:3px solid var(--focus); outline-offset:2px; }
.tracks button, .pictures button { margin:6px 4px 0 0; padding:4px 10px;
  border:1px solid #c5cbd3; background:#fff; border-radius:4px; cursor:pointer; }
.tracks button.on, .pictures button.on { background:var(--fg); color:#fff; }
.now { margin-left:10px; color:var(--mut); white-space:nowrap; }
.playing { margin-top:8px; font-size:14px; }
#playing-row { padding:2px 8px; border:1px solid #c5cbd3; border-radius:4px; background:#fff;
  cursor:pointer; font-variant-numeric:tabular-nums; }
#playing-row:disabled { cursor:default; color:var(--mut); border-style:dashed; }
#playing-qc { max-height:7.5em; overflow-y:auto; }  /* (many findings: a scroll, in the window) */
#playing-qc li.none { list-style:none; margin-left:-16px; color:var(--mut); }
@media (max-width: 1200px) {  /* (the player above the list: the rows right under it, and the
  list keeps the height) */
  .playing { display:none; }
}
.now output { color:var(--fg); font-variant-numeric:tabular-nums; }
table { border-collapse:collapse; width:100%; background:#fff; font-size:14px; }
th, td { border-bottom:1px solid #eceff3; padding:6px 8px; vertical-align:top; text-align:left; }
tr.cue, tr.card { cursor:pointer; } tr.cue:hover, tr.card:hover { background:#eef4ff; }
tr.cue.active { background:#fff4c2; outline:2px solid #a87b00; }  /* (its outline at 3:1 on
  white: the playing row, on a laptop's screen, at 1.8:1 had only its pale yellow) */
tr.cue:focus-visible, tr.card:focus-visible { outline:3px solid var(--focus);
  outline-offset:-3px; }  /* (the playing row's too: the keys are there) */
tr.cue, tr.card { scroll-margin-block:4px; }  /* (a row gone to: its outline in view too) */
tr.unshown { color:var(--mut); font-style:italic; }
tr.unshown :lang(zh) { font-style:normal; }  /* (Chinese has no italic: the font has none,
  and the browser slanted each character) */
td.time { white-space:nowrap; font-variant-numeric:tabular-nums; }
.dur { color:var(--mut); font-size:12px; }
td.conf { min-width:170px; } .bar { display:block; height:6px; border-radius:3px; margin-bottom:3px; }
.conf-high .bar { background:#2e9d4f; } .conf-mid .bar { background:#e0a100; }
.conf-low .bar { background:#d92d20; } .conf-none .bar { background:#98a2b3; }
.num { font-size:12px; color:var(--mut); }
.flag { display:inline-block; font-size:11px; background:#fee4e2; color:var(--bad);
  padding:0 5px; border-radius:3px; }
ul.qc { margin:2px 0 0; padding-left:16px; font-size:12px; }
li.error { color:var(--bad); } li.warning { color:var(--warn); }
section { margin-top:18px; } h2 { font-size:16px; margin:8px 0; }
.keys { margin-left:12px; font-size:12px; font-weight:normal; color:var(--mut); }
kbd { font:inherit; font-size:11px; padding:0 4px; border:1px solid #c5cbd3;
  border-bottom-width:2px; border-radius:3px; background:#fff; }
@media (pointer: coarse) { .keys { display:none; } }  /* (a phone: no keys) */
#stills { grid-column:1 / -1; } #stills img { max-width:100%; border-radius:4px; }
@media print {  /* printed (or saved as PDF, to send as notes): the player, its buttons and
  the keys took the first page's top half, the confidence bars and flags (backgrounds) were
  left out, and a row could be cut between two pages */
  #player, .keys { display:none; }
  main { display:block; padding:0; }
  header { padding:0 0 8px; }
  tr.cue, tr.card, #cards tr, #credits tr, #other tr { break-inside:avoid; }
  .bar, .flag, .badge { print-color-adjust:exact; -webkit-print-color-adjust:exact; }
  tr.cue.active { background:none; outline:none; }  /* (where the video was: not a finding) */
  button.next { text-decoration:none; }
}
"""

_SCRIPT = """
(function () {
  var video = document.getElementById('video');
  var player = document.getElementById('player');
  function play() {  // (a new picture loading interrupts play(): not an error)
    var p = video.play();
    if (p && p.catch) p.catch(function () {});
  }
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.cue'));
  var buttons = Array.prototype.slice.call(document.querySelectorAll('.tracks button'));
  function showTrack(lang) {
    if (!video) return;
    for (var i = 0; i < video.textTracks.length; i++) {
      var t = video.textTracks[i];
      var el = video.querySelectorAll('track')[i];
      t.mode = (el && el.dataset.lang === lang) ? 'showing' : 'disabled';
    }
    buttons.forEach(function (b) {
      b.classList.toggle('on', b.dataset.track === lang);
      b.setAttribute('aria-pressed', b.dataset.track === lang ? 'true' : 'false');
    });
  }
  buttons.forEach(function (b) {
    b.addEventListener('click', function () { showTrack(b.dataset.track); });
  });
  function burnedShown() {
    return clean !== null && video.getAttribute('src') !== clean;
  }
  // the picture: the video with the tracks, or the burned render (the tracks off), at the
  // same moment
  var pictures = Array.prototype.slice.call(document.querySelectorAll('.pictures button'));
  var clean = pictures.length ? pictures[0].dataset.src : null;
  var lastTrack = 'bilingual';
  pictures.forEach(function (b) {
    b.addEventListener('click', function () {
      if (!video || video.getAttribute('src') === b.dataset.src) return;
      var at = video.currentTime, playing = !video.paused;
      var burnedOn = b.dataset.src !== clean;
      if (burnedOn) {
        var on = buttons.filter(function (x) { return x.classList.contains('on'); })[0];
        lastTrack = on ? on.dataset.track : lastTrack;
      }
      video.setAttribute('src', b.dataset.src);
      video.addEventListener('loadedmetadata', function once() {
        video.removeEventListener('loadedmetadata', once);
        video.currentTime = at;
        if (playing) play();
      });
      video.load();
      showTrack(burnedOn ? 'off' : lastTrack);
      // (the burned render has its captions: the tracks over them showed each twice)
      buttons.forEach(function (x) { x.disabled = burnedOn; });
      pictures.forEach(function (x) {
        x.classList.toggle('on', x === b);
        x.setAttribute('aria-pressed', x === b ? 'true' : 'false');
      });
      controls();
    });
  });
  // the controls, shown on a paused video, cover the foot of the picture: the tracks'
  // captions move up above them, the burned render's cannot (they stood under the time
  // line), so there the controls show while the pointer is on the video or it has the focus
  var pointerOn = false;
  function controls() {
    video.controls = !burnedShown() || pointerOn || document.activeElement === video;
  }
  if (video) {
    video.addEventListener('pointerenter', function () { pointerOn = true; controls(); });
    video.addEventListener('pointerleave', function (e) {
      // (a finger leaves as it lifts: a tap keeps them until a row is chosen)
      if (e.pointerType !== 'touch') { pointerOn = false; controls(); }
    });
    video.addEventListener('focus', controls);
    video.addEventListener('blur', controls);
  }
  var pinned = null;  // the row clicked, highlighted while the video stays at its start
  // a cue row, or a title card or photo caption row: click or Enter takes the video to its
  // start (a cue row stays highlighted there); Space, as everywhere, plays or pauses
  function seek(row) {
    if (!video) return;
    pinned = row.classList.contains('cue') ? row : null;
    if (pointerOn) { pointerOn = false; controls(); }  // (left on by a tap)
    // (a microsecond on: Chromium keeps time in whole microseconds, cut down, and 66.77 s
    // stood at 66.769999, before the caption's start: the picture showed none)
    video.currentTime = ((burnedShown() && row.dataset.frame) ? +row.dataset.frame
                         : +row.dataset.start + 0.001) / 1000;
    highlight();
  }
  Array.prototype.forEach.call(document.querySelectorAll('tr.cue, tr.card'), function (row) {
    row.addEventListener('click', function () { seek(row); });
    row.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') { e.preventDefault(); seek(row); }
    });
  });
  // a count in the summary: the next cue not heard, or with a QC error or warning, round
  // again after the last
  var lastOf = {};
  Array.prototype.forEach.call(document.querySelectorAll('button[data-next]'), function (b) {
    b.addEventListener('click', function () {
      var kind = b.dataset.next;
      var found = rows.filter(function (r) {
        return kind === 'unshown' ? r.classList.contains('unshown') &&
                                      !r.classList.contains('notsaid')
                                  : !!r.querySelector('ul.qc li.' + kind);
      });
      if (!found.length) return;
      var row = found[(found.indexOf(lastOf[kind]) + 1) % found.length];
      lastOf[kind] = row;
      row.scrollIntoView({block: 'center'});
      row.focus({preventScroll: true});
      row.click();
    });
  });
  // the keyboard, for a whole episode: j and k (or the arrows on a row) the next and the
  // previous cue, n and N the next and the previous flagged one (not heard, or with a QC
  // finding), Space play or pause; a field keeps all its keys, a control (a button, the
  // video's own controls) Space and the arrows (the letters work there: a click on the
  // burned render's button had left n going nowhere)
  var cursor = null;  // the row the keys move from: the last gone to, or the cue playing
  rows.forEach(function (r) { r.addEventListener('focus', function () { cursor = r; }); });
  function flagged(r) {
    return (r.classList.contains('unshown') && !r.classList.contains('notsaid')) ||
      !!r.querySelector('ul.qc li');
  }
  function go(row) {
    row.focus({preventScroll: true});
    row.scrollIntoView({block: 'nearest'});
    seek(row);
  }
  function step(by, only) {  // the next (by 1) or previous (-1) row, of ``only`` if given
    var from = rows.indexOf(cursor);
    if (from < 0) {  // (none yet, or the video taken elsewhere: from the video's time)
      var ms = video ? video.currentTime * 1000 : 0;
      from = -1;
      rows.forEach(function (r, i) {
        if (by > 0 ? +r.dataset.start <= ms - 1 : +r.dataset.start < ms - 1) from = i;
      });
      if (by < 0) from += 1;
    }
    for (var n = 1; n <= rows.length; n++) {
      var i = from + by * n;
      if (!only) return (i >= 0 && i < rows.length) ? rows[i] : null;
      i = ((i % rows.length) + rows.length) % rows.length;  // (round again, as the counts do)
      if (only(rows[i])) return rows[i];
    }
    return null;
  }
  function inField(el) {
    return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT|OPTION)$/.test(el.tagName));
  }
  function inControl(el) {
    return !!el && /^(BUTTON|VIDEO|AUDIO|A|SUMMARY)$/.test(el.tagName);
  }
  document.addEventListener('keydown', function (e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || inField(e.target)) return;
    var onRow = rows.indexOf(e.target) >= 0, k = e.key, row;
    if (inControl(e.target) && !/^[jknN]$/.test(k)) return;
    if (k === 'j' || (onRow && k === 'ArrowDown')) row = step(1);
    else if (k === 'k' || (onRow && k === 'ArrowUp')) row = step(-1);
    else if (k === 'n') row = step(1, flagged);
    else if (k === 'N') row = step(-1, flagged);
    else if (k === ' ' && video) {
      if (video.paused) play(); else video.pause();
    } else return;
    e.preventDefault();  // (at the first or last cue too: the page does not scroll instead)
    if (row) go(row);
  });
  var current = null;
  var now = document.getElementById('now');
  // beside the player: the cue at the video's time, its findings, and a button to its row
  var playingRow = document.getElementById('playing-row');
  var playingQc = document.getElementById('playing-qc');
  function showPlaying(row) {
    if (!playingRow) return;
    playingRow.disabled = !row;
    if (!row) {
      playingRow.textContent = 'No cue at this time';
      playingQc.innerHTML = '';
      return;
    }
    var time = row.querySelector('td.time').firstChild.textContent;
    playingRow.textContent = 'Cue ' + (rows.indexOf(row) + 1) + ' of ' + rows.length +
      ' (' + time + '): show its row';
    var qc = row.querySelector('ul.qc');
    playingQc.innerHTML = (qc && qc.innerHTML) || '<li class="none">No QC findings</li>';
  }
  if (playingRow) {
    playingRow.addEventListener('click', function () {
      if (!current) return;
      current.scrollIntoView({block: 'center'});
      current.focus({preventScroll: true});
    });
  }
  function clock(ms) {  // 1:23.450, as the rows write a time
    ms = Math.round(ms);
    var s = (ms % 60000) / 1000;
    return Math.floor(ms / 60000) + ':' + (s < 10 ? '0' : '') + s.toFixed(3);
  }
  function highlight() {
    if (!video) return;
    var ms = video.currentTime * 1000;
    if (now) now.textContent = clock(ms);
    var found = null;
    if (pinned && Math.abs(ms - +pinned.dataset.start) < 250) {
      found = pinned;
    } else {
      pinned = null;
    }
    for (var i = 0; !found && i < rows.length; i++) {
      var r = rows[i];
      if (r.classList.contains('unshown')) continue;
      if (ms >= +r.dataset.start && ms < +r.dataset.end) { found = r; break; }
    }
    if (found === current) return;
    if (current) current.classList.remove('active');
    current = found;
    showPlaying(found);
    if (found) {
      found.classList.add('active');
      cursor = found;
      // (only beside a player that stays in view: stacked under it, the page scrolled the
      // player out of sight)
      if (!video.paused && player && getComputedStyle(player).position === 'sticky') {
        found.scrollIntoView({block: 'nearest'});
      }
    }
  }
  if (player && window.ResizeObserver) {  // (the height the rows stop below, stacked)
    new ResizeObserver(function () {
      document.documentElement.style.setProperty('--player-h', player.offsetHeight + 'px');
    }).observe(player);
  }
  if (video) {
    video.addEventListener('error', function () {
      document.getElementById('video-missing').hidden = false;
    });
    video.addEventListener('timeupdate', highlight);
    // each frame while it plays: timeupdate comes 4 times a second, and the row went on to
    // the next cue up to 250 ms after its caption showed
    var following = false;
    var follow = function () {
      highlight();
      following = !video.paused && !video.ended;
      if (following) requestAnimationFrame(follow);
    };
    video.addEventListener('play', function () {
      if (!following) { following = true; requestAnimationFrame(follow); }
    });
    video.addEventListener('seeked', function () {
      highlight();
      if (!current) cursor = null;  // (taken between cues: the keys go on from there)
    });
    showTrack('bilingual');
  }
})();
"""

_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' data: file:; media-src 'self' data: file:; font-src 'self' file:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>Review: {title}</title>
<link rel="icon" href="data:,">
<style>{faces}{style}</style>
</head>
<body>
<header>
  <h1 title="{title}">{title}</h1>
  <div class="summary" id="qc-summary">
    <span class="badge {status}">QC {status}</span>
    {errors_count}{warnings_count}
    <span><b>{n_shown}</b> cues shown</span>{flagged_count}
    <span><b>{n_cards}</b> cards</span>
  </div>
  <div class="summary rules" title="rules with findings: {rules}">rules with findings: {rules}</div>
</header>
<main>
  <div id="player">
    {video}
    {buttons}
  </div>
  <div id="list">
    <section id="cues"><h2>Cues {keys}</h2>
      <table><thead><tr><th>time</th><th>中文</th><th>English</th><th>confidence, QC</th>
      </tr></thead><tbody>{rows}</tbody></table>
    </section>
    <section id="cards"><h2>Title cards and captions</h2>
      <table><tbody>{cards}</tbody></table></section>
    <section id="credits"><h2>Credits</h2>
      <table><tbody>{credits}</tbody></table></section>
    <section id="other"><h2>Not subtitled: lead, notes, acknowledgement</h2>
      <table><tbody>{other}</tbody></table></section>
  </div>
  {stills}
</main>
<script>{script}</script>
</body>
</html>
"""
