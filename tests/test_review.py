"""The review page in a real browser: Debian's Chromium driven by Playwright for Python."""

from __future__ import annotations

import contextlib
import math
import os
import shutil
from pathlib import Path

import pytest

from subtitler import ffmpeg
from subtitler.pipeline import load_cues, load_project
from subtitler.review import build_review

from .conftest import ROOT, run_cli

CHROMIUM = os.environ.get("SUBTITLER_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "build" / "test-artifacts"


def _browser_or_skip():
    reason = None
    try:
        from playwright.sync_api import sync_playwright  # noqa: F401
    except ImportError:
        reason = "playwright is not installed"
    if reason is None and not Path(CHROMIUM).exists():
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if reason:
        if os.environ.get("SUBTITLER_REQUIRE_BROWSER"):
            pytest.fail(f"browser tests are required here but {reason}")
        pytest.skip(reason)


SCRIPT = """\
High-Level Industry Carriers
建设高能级产业载体
Exports doubled last year. The province will build more industrial parks.
去年出口翻了一番。全省将建设更多产业园区。
Click on the video above
文案:赵汉青 杨佳欣
"""


def _wait(page, expression: str, timeout_s: float = 10.0) -> None:
    """Poll ``expression`` with page.evaluate (wait_for_function would need 'unsafe-eval',
    which the page's Content-Security-Policy rightly forbids)."""
    import time

    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        page.wait_for_timeout(50)


@pytest.fixture(scope="module")
def page_path(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("review") / "ep"
    (d / "media").mkdir(parents=True)
    ffmpeg.run(["-y", "-f", "lavfi", "-i", "color=c=0x204060:s=320x180:d=10:r=24",
                "-f", "lavfi", "-i", "sine=f=300:r=16000:d=10", "-c:v", "libx264",
                "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
                str(d / "media" / "clip.mp4")], what="making the test video")
    (d / "script.txt").write_text(SCRIPT, encoding="utf-8")
    (d / "project.yaml").write_text("video: media/clip.mp4\ntiming: {source: reading}\n"
                                    "encoder: {preset: ultrafast}\n", encoding="utf-8")
    from subtitler.pipeline import build, write_outputs
    from subtitler.render import burn
    project = load_project(d)
    write_outputs(project, build(project).outputs)
    burn(project)  # the page offers the burned render too
    return build_review(project)


def test_page_is_self_contained(page_path):
    text = page_path.read_text(encoding="utf-8")
    for needle in ("http://", "https://", "//cdn", "googleapis"):
        assert needle not in text
    assert 'src="../../media/clip.mp4"' in text
    assert 'data-src="../ep.burned.mp4"' in text and "older than the cues" not in text
    assert (page_path.parent / "stills.png").exists()


def test_page_in_chromium(page_path):
    _browser_or_skip()
    from playwright.sync_api import sync_playwright

    cues = [c for c in load_cues(load_project(page_path.parents[2])) if c.spoken]
    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_path.as_uri())
            _wait(page, "document.getElementById('video').readyState >= 1")
            # every cue has its row, in order
            ids = page.eval_on_selector_all("tr.cue", "rows => rows.map(r => r.dataset.cue)")
            assert ids == [c.id for c in cues]
            # the tracks load: English, Chinese and both, switchable
            page.click("button[data-track=en]")
            _wait(page, "Array.from(document.getElementById('video').textTracks)"
                        ".every(t => t.mode !== 'showing' || (t.cues && t.cues.length > 0))")
            state = page.evaluate("""() => Array.from(document.getElementById('video').textTracks)
                .map(t => [t.language, t.mode])""")
            assert state == [["en", "showing"], ["zh-Hans", "disabled"], ["zh-Hans", "disabled"]]
            for lang in ("zh", "bilingual", "en"):
                page.click(f"button[data-track={lang}]")
                # a track's cues load asynchronously once it is shown
                _wait(page, f"""(() => {{ const v = document.getElementById('video');
                    const t = Array.from(v.textTracks).find(t => t.mode === 'showing');
                    return !!t && !!t.cues && t.cues.length === {len(cues)}; }})()""")
                shown = page.evaluate("""Array.from(document.getElementById('video').textTracks)
                    .filter(t => t.mode === 'showing').map(t => t.label)""")
                assert len(shown) == 1, (lang, shown)
            # clicking a row seeks the video to that cue's start and highlights the row
            target = cues[-1]
            page.click(f"tr.cue[data-cue={target.id}]")
            _wait(page, "document.getElementById('video').seeking === false")
            t = page.evaluate("document.getElementById('video').currentTime")
            assert abs(t - target.start_ms / 1000) < 0.01
            active = page.get_attribute("tr.cue.active", "data-cue")
            assert active == target.id
            # the burned render at the same moment, the tracks off; and back
            page.click(".pictures button:nth-child(2)")
            _wait(page, """(() => { const v = document.getElementById('video');
                return v.getAttribute('src').endsWith('ep.burned.mp4') && v.readyState >= 1
                && Math.abs(v.currentTime - %f) < 0.05; })()""" % (target.start_ms / 1000))
            assert page.evaluate("""Array.from(document.getElementById('video').textTracks)
                .every(t => t.mode !== 'showing')""")
            # there, a row goes to the first frame that shows its caption (at the start itself
            # the frame before showed, without it), and the track buttons are off (the tracks
            # over the burned captions showed each twice)
            assert page.evaluate("""Array.from(document.querySelectorAll('.tracks button'))
                .every(b => b.disabled)""")
            page.click(f"tr.cue[data-cue={target.id}]")
            _wait(page, "document.getElementById('video').seeking === false")
            t = page.evaluate("document.getElementById('video').currentTime")
            assert math.floor(t * 24) == math.ceil(target.start_ms / 1000 * 24 - 1e-6), t
            page.click(".pictures button:nth-child(1)")
            _wait(page, """document.getElementById('video').getAttribute('src')
                .endsWith('clip.mp4')""")
            assert page.evaluate("""Array.from(document.getElementById('video').textTracks)
                .some(t => t.mode === 'showing')""")
            assert not page.evaluate("""Array.from(document.querySelectorAll('.tracks button'))
                .some(b => b.disabled)""")
            # so does a title card's row
            card = next(c for c in load_cues(load_project(page_path.parents[2]))
                        if not c.spoken)
            page.click(f"tr.card[data-card={card.id}]")
            _wait(page, "document.getElementById('video').seeking === false")
            t = page.evaluate("document.getElementById('video').currentTime")
            assert abs(t - card.start_ms / 1000) < 0.01
            # the QC summary and the non-subtitle blocks are on the page
            assert page.is_visible("#qc-summary")
            assert "赵汉青 Zhao Hanqing" in page.inner_text("#credits")
            assert "Click on the video above" in page.inner_text("#other")
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "review.png"), full_page=True)
        finally:
            browser.close()
    assert not errors, errors
    assert all(u.startswith(("file:", "data:")) for u in requests), requests


def test_a_narrow_window_keeps_the_player_in_view_while_playing(page_path):
    """Under 1000 px the player stands above the cue list; the playing cue's row was scrolled
    into view with the page, and the video went out of sight (at scrollY 2430)."""
    _browser_or_skip()
    from playwright.sync_api import sync_playwright

    cues = [c for c in load_cues(load_project(page_path.parents[2])) if c.shown and c.spoken]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--autoplay-policy=no-user-gesture-required"])
        try:
            page = browser.new_page(viewport={"width": 900, "height": 600})
            page.goto(page_path.as_uri())
            _wait(page, "document.getElementById('video').readyState >= 1")
            page.evaluate("""(t) => { const v = document.getElementById('video');
                v.muted = true; v.currentTime = t; v.play(); }""", cues[-1].start_ms / 1000 - 0.4)
            _wait(page, f"""(() => {{ const r = document.querySelector('tr.cue.active');
                return !!r && r.dataset.cue === '{cues[-1].id}'; }})()""")
            assert page.evaluate("window.scrollY") == 0
            assert page.evaluate("document.getElementById('video').getBoundingClientRect().top") >= 0
        finally:
            browser.close()


def test_served_page_seeks_the_video(page_path):
    """`subtitler review --serve` answers byte ranges, so a cue click moves the video (with
    Python's plain http.server the browser could not seek at all)."""
    _browser_or_skip()
    import threading
    import urllib.request

    from playwright.sync_api import sync_playwright

    from subtitler.review import serve

    project_dir = page_path.parents[2]
    started: list = []
    thread = threading.Thread(target=serve, args=(project_dir, 0),
                              kwargs={"ready": started.append}, daemon=True)
    thread.start()
    while not started:
        thread.join(0.05)
    server = started[0]
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        req = urllib.request.Request(f"{base}/media/clip.mp4", headers={"Range": "bytes=100-199"})
        with urllib.request.urlopen(req) as resp:
            assert resp.status == 206 and len(resp.read()) == 100
            size = (project_dir / "media" / "clip.mp4").stat().st_size
            assert resp.headers["Content-Range"] == f"bytes 100-199/{size}"
        cues = [c for c in load_cues(load_project(project_dir)) if c.shown]
        errors: list[str] = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--no-first-run"])
            try:
                page = browser.new_page(viewport={"width": 1366, "height": 768})
                page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                page.goto(f"{base}/build/review/")
                _wait(page, "document.getElementById('video').readyState >= 1")
                target = cues[-1]
                page.focus(f"tr.cue[data-cue={target.id}]")
                page.keyboard.press("Enter")  # Enter on a focused row seeks, as a click does
                _wait(page, f"Math.abs(document.getElementById('video').currentTime - "
                            f"{target.start_ms / 1000}) < 0.05")
                assert page.get_attribute("tr.cue.active", "data-cue") == target.id
                # each subtitle line stays on one line, as it airs
                heights = page.eval_on_selector_all(
                    "td.zh .line", "els => els.map(e => e.getClientRects().length)")
                assert heights and set(heights) == {1}
            finally:
                browser.close()
        assert not errors, errors
    finally:
        server.shutdown()


def test_confidence_is_na_where_nothing_was_measured():
    from subtitler.model import TIMING_FALLBACK, Cue, Role
    from subtitler.review import render_page

    cue = Cue(id="c1", block="b01", role=Role.BODY, start_ms=1000, end_ms=3000,
              en=("Exports doubled.",), zh=("出口翻番。",), confidence=1.0)
    fallback = Cue(id="c2", block="b01", role=Role.BODY, start_ms=3100, end_ms=5000,
                   en=("More parks.",), zh=("更多园区。",), flags=(TIMING_FALLBACK,))
    audio = render_page("t", [cue, fallback], [], [], video_src="v.mp4", stills_src=None)
    assert audio.count('class="num">1.00<') == 1 and audio.count('class="num">n/a<') == 1
    reading = render_page("t", [cue], [], [], video_src=None, stills_src=None,
                          timed_by_audio=False)
    assert 'class="num">n/a<' in reading and "conf-none" in reading
    assert "data-track=" not in reading  # no video: no subtitle buttons that do nothing


def test_cues_given_as_not_said_are_not_counted_as_not_heard():
    """A shorter cut's cues that project.yaml lists under `not_said:` are the editor's word: the
    summary counted them as not heard, and its button went to each."""
    from subtitler.model import NOT_HEARD, NOT_SAID, Cue, Role
    from subtitler.review import render_page

    cues = [Cue(id=f"c{k}", block="b01", role=Role.BODY, start_ms=s, end_ms=e,
                en=(f"Line {k}.",), zh=(f"第{k}行。",), confidence=c, flags=f)
            for k, (s, e, c, f) in enumerate([(1000, 3000, 1.0, ()), (3000, 3000, 0.05,
                                              (NOT_HEARD,)), (3000, 3000, 0.05, (NOT_SAID,)),
                                             (3000, 3000, 0.05, (NOT_SAID,))])]
    page = render_page("t", cues, [], [], video_src="v.mp4", stills_src=None)
    assert "<b>1</b> not heard" in page and page.count(" notsaid") == 2


def test_serving_on_a_port_in_use_is_one_clear_error(tmp_path):
    import socket

    from subtitler.errors import SubtitlerError
    from subtitler.review import serve

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(SubtitlerError, match=f"cannot serve on port {port}"):
            serve(tmp_path, port)


def test_a_port_out_of_range_is_a_usage_error_not_a_traceback(tmp_path):
    code, _out, err = run_cli("review", "--serve", "--port", "99999", str(tmp_path))
    assert code == 2 and "is not a port (1 to 65535)" in err and "Traceback" not in err, err


def test_a_folder_name_a_url_would_cut_still_loads_the_burned_render(page_path, tmp_path):
    """The page's links are URLs: a project folder named with # % ? or a space (subtitler
    takes any name) had its burned render's address cut at the # and the page said the video
    could not be loaded."""
    d = tmp_path / "新闻 ep #2 50%?"
    shutil.copytree(page_path.parents[2], d, ignore=shutil.ignore_patterns("review"))
    (d / "build" / "ep.burned.mp4").rename(d / "build" / f"{d.name}.burned.mp4")
    (d / "media" / "clip.mp4").rename(d / "media" / "clip #1.mp4")
    (d / "project.yaml").write_text("video: 'media/clip #1.mp4'\ntiming: {source: reading}\n",
                                    encoding="utf-8")
    page = build_review(load_project(d), stills=False)
    text = page.read_text(encoding="utf-8")
    assert 'data-src="../%E6%96%B0%E9%97%BB%20ep%20%232%2050%25%3F.burned.mp4"' in text
    assert 'src="../../media/clip%20%231.mp4"' in text
    _browser_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            pg = browser.new_page()
            pg.goto(page.as_uri())
            _wait(pg, "document.getElementById('video').readyState >= 1")
            pg.click(".pictures button:nth-child(2)")
            _wait(pg, """(() => { const v = document.getElementById('video');
                return v.error !== null || (v.readyState >= 1
                    && v.getAttribute('src').endsWith('.burned.mp4')); })()""")
            assert pg.evaluate("document.getElementById('video').error") is None
            assert pg.is_hidden("#video-missing")
        finally:
            browser.close()


def test_ctrl_c_stops_the_review_server_without_an_error(make_project):
    """Ctrl-C is how `review --serve` is stopped (its own line says so): it said
    'error: interrupted' and exited 130, as if the review had failed."""
    import signal
    import socket
    import subprocess
    import sys

    d = make_project(SCRIPT, "timing: {source: reading}\n")
    with socket.socket() as s:  # a free port
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # (Ctrl-C as at a terminal: a suite started as a background job of a script has SIGINT
    # ignored, the server inherited that and never stopped)
    proc = subprocess.Popen([sys.executable, "-m", "subtitler", "review", str(d), "--serve",
                             "--port", str(port), "--no-stills"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        seen = ""
        while "Review page" not in seen:
            line = proc.stdout.readline()
            assert line, proc.stderr.read()
            seen += line
        # (stopped while it serves: the line comes just before the serving begins)
        import urllib.request
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as r:
            assert r.status == 200
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, (proc.returncode, err)
    assert "error" not in err and "stopped" in out


def test_review_serve_plays_a_video_kept_outside_the_project(tmp_path, page_path):
    """`video: ../shared/clip.mp4`: the served page asked for the video above the project's
    folder, which the server did not serve (404; the page opened as a file worked). The
    server now serves from the folder holding both, the project and that one file only."""
    import re
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    shared = tmp_path / "shared"
    shared.mkdir()
    shutil.copy(page_path.parents[2] / "media" / "clip.mp4", shared / "clip.mp4")
    (shared / "secret.txt").write_text("not served", encoding="utf-8")
    d = tmp_path / "ep"
    d.mkdir()
    (d / "script.txt").write_text(SCRIPT, encoding="utf-8")
    (d / "project.yaml").write_text("video: ../shared/clip.mp4\ntiming: {source: reading}\n",
                                    encoding="utf-8")
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "subtitler", "review", "--no-stills",
                             "--serve", "--port", str(port), str(d)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = ""
        deadline = time.time() + 60
        while "Review page:" not in line and time.time() < deadline:
            line = proc.stdout.readline()
        url = re.search(r"http://\S+/", line).group(0)
        with urllib.request.urlopen(url) as resp:
            page = resp.read().decode("utf-8")
        src = re.search(r'<video id="video"[^>]* src="([^"]+)"', page).group(1)
        assert src.startswith("../../../shared/"), src
        with urllib.request.urlopen(urllib.request.Request(
                url + src, headers={"Range": "bytes=0-99"})) as resp:
            assert resp.status == 206 and len(resp.read()) == 100
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(url + "../../../shared/secret.txt")
        assert err.value.code == 404
    finally:
        proc.terminate()
        proc.wait(10)


def test_review_serve_follows_a_media_folder_linked_into_the_project(tmp_path, page_path):
    """Only the project and its video are served, but by their paths as written: a media
    folder linked in from elsewhere is part of the project."""
    import threading
    import urllib.request

    from subtitler.review import serve

    shared = tmp_path / "store"
    shared.mkdir()
    shutil.copy(page_path.parents[2] / "media" / "clip.mp4", shared / "clip.mp4")
    d = tmp_path / "ep"
    d.mkdir()
    (d / "media").symlink_to(shared, target_is_directory=True)
    started: list = []
    threading.Thread(target=serve, args=(d, 0), kwargs={"ready": started.append},
                     daemon=True).start()
    while not started:
        threading.Event().wait(0.05)
    server = started[0]
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/media/clip.mp4"
        with urllib.request.urlopen(url) as resp:
            assert resp.status == 200 and len(resp.read()) == (shared / "clip.mp4").stat().st_size
    finally:
        server.shutdown()


def _chromium(p, *extra: str):
    return p.chromium.launch(executable_path=CHROMIUM, args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", *extra])


@contextlib.contextmanager
def _opened(uri: str, viewport: tuple[int, int] = (1280, 720)):
    """The page at ``uri`` in headless Chromium at ``viewport`` (a Playwright page); the
    browser is closed after."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = _chromium(p)
        try:
            pg = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
            pg.goto(uri)
            yield pg
        finally:
            browser.close()


def test_a_row_seeks_to_where_its_caption_shows(page_path, tmp_path):
    """A click on a row puts the video at the cue's start with its caption on: Chromium keeps
    time in whole microseconds, cut down, so a seek to 66.77 s stood at 66.769999 s, before the
    caption's start, and the paused picture showed no caption (1 row of 47 in an episode; of
    the starts under 10 s, 1001, 2002, 4004 and 8001 ms among them). Beside the player the
    time reads as the row does, to the millisecond (the player's own controls say whole
    seconds)."""
    _browser_or_skip()
    from subtitler.model import Cue, Role
    from subtitler.review import render_page
    from subtitler.textutil import clock

    shutil.copy(page_path.parents[2] / "media" / "clip.mp4", tmp_path / "clip.mp4")
    starts = (1001, 2002, 3000, 4004, 5555, 8001)
    cues = [Cue(id=f"c{k}", block="b01", role=Role.BODY, start_ms=s, end_ms=s + 800,
                en=(f"Line {k}",), zh=(f"第{k}行",), confidence=1.0)
            for k, s in enumerate(starts)]
    page = tmp_path / "index.html"
    page.write_text(render_page("t", cues, [], [], video_src="clip.mp4", stills_src=None),
                    encoding="utf-8")
    with _opened(page.as_uri()) as pg:
        _wait(pg, "document.getElementById('video').readyState >= 1")
        for c in cues:
            pg.click(f"tr.cue[data-cue={c.id}]")
            _wait(pg, "!document.getElementById('video').seeking")
            t, showing = pg.evaluate("""() => { const v = document.getElementById('video');
                const t = Array.from(v.textTracks).find(t => t.mode === 'showing');
                return [v.currentTime, Array.from(t.activeCues || []).map(c => c.id)]; }""")
            assert abs(t * 1000 - c.start_ms) < 1, (c.id, t)
            assert showing == [c.id], (c.start_ms, t, showing)
            assert pg.get_attribute("tr.cue.active", "data-cue") == c.id
            assert pg.inner_text("#now") == clock(c.start_ms), c.start_ms


def test_a_video_not_there_is_named_not_asked_for(page_path, tmp_path):
    """project.yaml names a video that is not in media/ (not fetched yet): the page said
    "No video: set video: in project.yaml", a fix for a key that was set."""
    d = tmp_path / "ep"
    shutil.copytree(page_path.parents[2], d, ignore=shutil.ignore_patterns("review", "media"),
                    copy_function=shutil.copy2)  # (times kept: the cues stay up to date)
    page = build_review(load_project(d), stills=False)
    _browser_or_skip()
    with _opened(page.as_uri()) as pg:
        said = pg.inner_text("#player")
    assert "set video: in project.yaml" not in said, said
    assert "media/clip.mp4" in said and "make fetch" in said, said


def _wide_cues_page(tmp_path: Path, rules: tuple[str, ...], title: str = "t") -> Path:
    """A page of three cues with lines as wide as a line may be (42 characters, 16 Chinese),
    each of ``rules`` a finding on the second, in the page's own font (as build_review gives
    it: no other has these widths); its video clip.mp4, which a test that plays it puts
    beside it."""
    from subtitler.fonts import static_fonts
    from subtitler.model import Cue, Role
    from subtitler.qc import WARNING, Finding
    from subtitler.review import render_page

    en = ("We will take as our main task the building", "of an industrial ecosystem")
    zh = ("以构建产业链现代化、供应链高效化", "价值链高端化和创新链系统化的产业")  # (16 each)
    cues = [Cue(id=f"c{k}", block="b01", role=Role.BODY, start_ms=1000 * k,
                end_ms=1000 * k + 800, en=en, zh=zh, confidence=0.2) for k in range(3)]
    findings = [Finding(rule, "c1", 1000, 0.2, 0.4, WARNING, "house",
                        "timing confidence is low: check it against the video") for rule in rules]
    fonts = static_fonts("".join(en + zh) + "0123456789:. sn/a" + title, tmp_path)
    faces = {str(w): f"{fonts.name}/{next(fonts.glob(f'*-{name}.otf')).name}"
             for w, name in ((400, "Regular"), (700, "Bold"))}
    page = tmp_path / "index.html"
    page.write_text(render_page(title, cues, [], findings, video_src="clip.mp4",
                                stills_src=None, fonts=faces), encoding="utf-8")
    return page


@pytest.mark.parametrize("viewport", [(1280, 720), (1240, 720), (700, 900), (390, 844)],
                         ids=["laptop", "smaller-laptop", "split-screen", "phone"])
def test_a_narrow_window_shows_both_languages_and_the_qc_column(tmp_path, viewport):
    """Half a laptop's screen (700 px) had the cue table's confidence and QC column out of
    sight, to the right of a scroll bar at the table's foot; a phone had the English cut
    off too, and a 1240 px window the QC column's edge (the sample's at 1280 px, by 6 px).
    Each row's lines, each still on one line, and its findings are in the window."""
    _browser_or_skip()
    page = _wide_cues_page(tmp_path, ("low_confidence",))
    with _opened(page.as_uri(), viewport) as pg:
        width = pg.evaluate("document.documentElement.clientWidth")
        right = pg.eval_on_selector_all(
            "tr.cue .line, tr.cue li, tr.cue .num",
            "els => Math.max(...els.map(e => e.getBoundingClientRect().right))")
        assert right <= width, (right, width)
        assert pg.evaluate("document.getElementById('list').scrollWidth") <= \
            pg.evaluate("document.getElementById('list').clientWidth")
        lines = pg.eval_on_selector_all(
            "tr.cue .line", "els => els.map(e => e.getClientRects().length)")
        assert set(lines) == {1}
        assert pg.is_visible("tr.cue[data-cue=c1] li.warning")


def test_the_burned_captions_are_not_under_the_players_controls(page_path):
    """A paused video keeps Chromium's controls over the foot of the picture: the tracks'
    captions move up above them, but the burned render's own captions stood under the bar
    (the sample at 1280x720: a row's caption, clicked, was under the time line). On the
    burned render the controls show while the pointer is on the video or it has the focus."""
    _browser_or_skip()
    cue = [c for c in load_cues(load_project(page_path.parents[2])) if c.shown][-1]
    with _opened(page_path.as_uri()) as pg:
        _wait(pg, "document.getElementById('video').readyState >= 1")
        assert pg.evaluate("document.getElementById('video').controls")
        pg.click(".pictures button:nth-child(2)")
        pg.click(f"tr.cue[data-cue={cue.id}]")
        _wait(pg, "!document.getElementById('video').seeking")
        assert not pg.evaluate("document.getElementById('video').controls")
        pg.hover("#video")
        assert pg.evaluate("document.getElementById('video').controls")
        pg.hover(f"tr.cue[data-cue={cue.id}]")
        assert not pg.evaluate("document.getElementById('video').controls")
        pg.focus("#video")  # (from the keyboard: Tab reaches it, its controls with it)
        assert pg.evaluate("document.getElementById('video').controls")
        pg.focus(f"tr.cue[data-cue={cue.id}]")
        pg.click(".pictures button:nth-child(1)")  # the tracks move above the bar
        assert pg.evaluate("document.getElementById('video').controls")


def _sixty_cues_page(page_path: Path, tmp_path: Path) -> Path:
    """A page of 60 cues 150 ms apart over the test clip: c40 and c55 not heard, a QC warning
    on c30."""
    from dataclasses import replace

    from subtitler.model import NOT_HEARD, Cue, Role
    from subtitler.qc import WARNING, Finding
    from subtitler.review import render_page

    shutil.copy(page_path.parents[2] / "media" / "clip.mp4", tmp_path / "clip.mp4")
    cues = [Cue(id=f"c{k}", block="b01", role=Role.BODY, start_ms=150 * k,
                end_ms=150 * k + 100, en=(f"Line {k}",), zh=(f"第{k}行",), confidence=0.9,
                flags=(NOT_HEARD,) if k in (40, 55) else ()) for k in range(60)]
    cues = [replace(c, end_ms=c.start_ms) if c.flags else c for c in cues]  # (as built)
    findings = [Finding("low_confidence", "c30", 4500, 0.2, 0.4, WARNING, "house", "check")]
    page = tmp_path / "index.html"
    page.write_text(render_page("t", cues, [], findings, video_src="clip.mp4",
                                stills_src=None), encoding="utf-8")
    return page


def test_the_summary_takes_the_producer_to_each_flagged_cue(page_path, tmp_path):
    """The header counted the cues not heard and the QC warnings, but a producer had to
    scroll a long episode's list to find them: each count now goes to the next such cue,
    the row in view with the video at its start, and round again after the last."""
    _browser_or_skip()
    page = _sixty_cues_page(page_path, tmp_path)
    with _opened(page.as_uri()) as pg:
        _wait(pg, "document.getElementById('video').readyState >= 1")
        for want in ("c40", "c55", "c40"):
            pg.click("#qc-summary button[data-next=unshown]")
            _wait(pg, "!document.getElementById('video').seeking")
            assert pg.evaluate("document.activeElement.dataset.cue") == want
            top, bottom = pg.evaluate(f"""(() => {{ const r = document.querySelector(
                'tr.cue[data-cue={want}]').getBoundingClientRect();
                return [r.top, r.bottom]; }})()""")
            assert 0 <= top and bottom <= 720, (want, top, bottom)
            t = pg.evaluate("document.getElementById('video').currentTime")
            assert abs(t * 1000 - int(want[1:]) * 150) < 1
        pg.click("#qc-summary button[data-next=warning]")
        assert pg.evaluate("document.activeElement.dataset.cue") == "c30"


@pytest.mark.parametrize("viewport", [(700, 900), (390, 844)], ids=["split-screen", "phone"])
def test_a_narrow_window_keeps_the_video_in_sight_of_the_rows(page_path, tmp_path, viewport):
    """Under 1200 px the player stood above the list and scrolled away with it: a click on a
    row further down moved a video out of sight (at 700x900, the 40th row's click left the
    video 3,200 px above the window). The player now stays at the top of the window, the
    rows scrolling under it, and a row taken to (Tab, a summary count) is shown below it."""
    _browser_or_skip()
    from subtitler.model import Cue, Role
    from subtitler.review import render_page

    shutil.copy(page_path.parents[2] / "media" / "clip.mp4", tmp_path / "clip.mp4")
    cues = [Cue(id=f"c{k}", block="b01", role=Role.BODY, start_ms=150 * k,
                end_ms=150 * k + 100, en=(f"Line {k}",), zh=(f"第{k}行",), confidence=0.9)
            for k in range(60)]
    page = tmp_path / "index.html"
    page.write_text(render_page("t", cues, [], [], video_src="clip.mp4", stills_src=None),
                    encoding="utf-8")
    w, h = viewport
    with _opened(page.as_uri(), (w, h)) as pg:
        _wait(pg, "document.getElementById('video').readyState >= 1")

        def rect(sel: str) -> dict:
            return pg.evaluate(f"(() => {{ const r = document.querySelector('{sel}')"
                               ".getBoundingClientRect(); return {top: r.top, "
                               "bottom: r.bottom}; })()")

        pg.click("tr.cue[data-cue=c40]")
        _wait(pg, "!document.getElementById('video').seeking")
        video, row, player = rect("#video"), rect("tr.cue[data-cue=c40]"), rect("#player")
        assert video["top"] >= 0 and video["bottom"] <= h, video
        assert row["top"] >= player["bottom"] - 1 and row["bottom"] <= h + 1, (row, player)
        assert player["bottom"] <= h * 0.6, player  # (the list keeps most of the window)
        for _ in range(5):  # Tab on down the list: each row it reaches is in sight
            pg.keyboard.press("Tab")
            row = rect("tr.cue:focus")
            assert row["top"] >= rect("#player")["bottom"] - 1 and row["bottom"] <= h + 1, \
                row


def test_the_keys_take_the_producer_through_the_cues(page_path, tmp_path):
    """A whole episode was reviewed with the mouse only: j and k (or the arrows on a row) now
    go to the next and the previous cue, n and N to the next and previous flagged one, the
    video at its start and the row in view, and Space plays or pauses; the keys are said on
    the page, and a control or a field keeps its own."""
    _browser_or_skip()
    page = _sixty_cues_page(page_path, tmp_path)
    with _opened(page.as_uri(), (1280, 720)) as pg:
        _wait(pg, "document.getElementById('video').readyState >= 1")
        assert pg.is_visible("#keys") and "next flagged" in pg.inner_text("#keys").replace(
            "/previous", "")

        def at(want: str) -> None:
            _wait(pg, "!document.getElementById('video').seeking")
            assert pg.evaluate("document.activeElement.dataset.cue") == want
            assert pg.get_attribute("tr.cue.active", "data-cue") == want
            t = pg.evaluate("document.getElementById('video').currentTime")
            assert abs(t * 1000 - int(want[1:]) * 150) < 1, (want, t)
            top, bottom = pg.evaluate(f"""(() => {{ const r = document.querySelector(
                'tr.cue[data-cue={want}]').getBoundingClientRect();
                return [r.top, r.bottom]; }})()""")
            assert 0 <= top and bottom <= 720, (want, top, bottom)

        for key, want in (("j", "c0"), ("j", "c1"), ("j", "c2"), ("k", "c1"),
                          ("n", "c30"), ("n", "c40"), ("n", "c55"), ("n", "c30"),
                          ("N", "c55"), ("ArrowUp", "c54"), ("ArrowDown", "c55"),
                          ("j", "c56"), ("j", "c57"), ("j", "c58"), ("j", "c59"),
                          ("j", "c59")):  # (the last stays the last)
            pg.keyboard.press(key)
            at(want)
        scroll = pg.evaluate("window.scrollY")
        pg.keyboard.press(" ")  # plays, not scrolls, nor seeks back to the row's start
        _wait(pg, "!document.getElementById('video').paused")
        pg.keyboard.press(" ")
        _wait(pg, "document.getElementById('video').paused")
        assert pg.evaluate("window.scrollY") == scroll
        # the video taken elsewhere (its own time line): the keys go on from there
        pg.evaluate("document.getElementById('video').currentTime = 3.05")
        _wait(pg, "!document.getElementById('video').seeking")
        pg.keyboard.press("j")
        at("c21")
        # a button keeps its Space (it presses it), a field its letters; from a button just
        # clicked the letters go on (the burned render's had left n going nowhere)
        pg.focus("button[data-track=en]")
        pg.keyboard.press(" ")
        assert pg.get_attribute("button[data-track=en]", "aria-pressed") == "true"
        assert pg.evaluate("document.getElementById('video').paused")
        assert pg.evaluate("document.activeElement.dataset.track") == "en"
        pg.click("button[data-track=zh]")
        pg.keyboard.press("k")
        at("c20")
        pg.click("button[data-track=bilingual]")
        pg.keyboard.press("j")
        at("c21")
        pg.evaluate("""() => { const i = document.createElement('input'); i.id = 'field';
            document.body.prepend(i); }""")
        pg.focus("#field")
        pg.keyboard.type("jkn N")
        assert pg.input_value("#field") == "jkn N"
        assert pg.get_attribute("tr.cue.active", "data-cue") == "c21"
        assert pg.evaluate("document.getElementById('video').paused")


@pytest.mark.parametrize("viewport", [(1280, 800), (1366, 650), (1440, 900), (1920, 1080)],
                         ids=["1280", "1366-short", "1440", "1920"])
def test_a_laptop_window_gives_the_video_the_room_the_list_can_spare(page_path, tmp_path,
                                                                     viewport):
    """At 1280 to 1440 px the player had 32% of the width: a 397 px video at 1280x800, its
    burned captions at a third of their size, the column under it empty. The list now takes
    what its lines need (580 px, each row's Chinese above its English and the QC beside them;
    its full table from 1820 px) and the video the rest, all of it and its buttons in the
    window, the list without a scroll bar and its QC column in sight."""
    _browser_or_skip()
    shutil.copy(page_path.parents[2] / "media" / "clip.mp4", tmp_path / "clip.mp4")
    page = _wide_cues_page(tmp_path, ("low_confidence", "en_reading_speed", "zh_reading_speed"))
    w, h = viewport
    with _opened(page.as_uri(), viewport) as pg:
        _wait(pg, "document.getElementById('video').readyState >= 1")

        def rect(sel: str) -> dict:
            return pg.evaluate(f"(() => {{ const r = document.querySelector('{sel}')"
                               ".getBoundingClientRect(); return {left: r.left, top: r.top, "
                               "right: r.right, bottom: r.bottom, width: r.width}; })()")

        video, player, listed = rect("#video"), rect("#player"), rect("#list")
        width = pg.evaluate("document.documentElement.clientWidth")
        # (the picture itself, not the box: a box held to the window's height is letterboxed)
        shown = min(video["width"], (video["bottom"] - video["top"]) * 16 / 9)
        assert shown >= 0.5 * (width - 56), (shown, width)  # (half of all but the margins)
        assert player["bottom"] <= h, player
        assert video["right"] <= listed["left"]
        assert pg.evaluate("document.getElementById('list').scrollWidth") <= \
            pg.evaluate("document.getElementById('list').clientWidth")
        right = pg.eval_on_selector_all(
            "tr.cue .line, tr.cue li, tr.cue .num",
            "els => Math.max(...els.map(e => e.getBoundingClientRect().right))")
        assert right <= width, (right, width)
        assert set(pg.eval_on_selector_all(
            "tr.cue .line", "els => els.map(e => e.getClientRects().length)")) == {1}
        warning = rect("tr.cue[data-cue=c1] li.warning")
        assert warning["left"] > rect("tr.cue[data-cue=c1] td.en")["right"] - 1  # (beside)
        # a row whose QC is taller than its lines has them together all the same
        gaps = [rect(f"tr.cue[data-cue={c}] td.en .line")["top"] -
                rect(f"tr.cue[data-cue={c}] td.zh .line:last-child")["bottom"]
                for c in ("c0", "c1")]
        assert gaps[1] <= gaps[0] + 1, gaps
        assert pg.is_visible("tr.cue[data-cue=c1] li.warning")
        assert pg.is_visible("#cues thead") == (w >= 1920)  # (the full table)


def test_the_printed_page_is_the_cue_list(page_path, tmp_path):
    """Printed or saved as PDF (the page's one way out, to send as notes), the player, its
    buttons and the keys took the top half of the first page (485 px of A4's 1046), the
    confidence bars and the flags, drawn as backgrounds, were left out, and a row could be
    cut between two pages."""
    _browser_or_skip()
    from subtitler.model import NOT_HEARD, Cue, Role
    from subtitler.review import render_page

    shutil.copy(page_path.parents[2] / "media" / "clip.mp4", tmp_path / "clip.mp4")
    cues = [Cue(id=f"c{k}", block="b01", role=Role.BODY, start_ms=1000 * k,
                end_ms=1000 * k + 800, en=(f"Line {k}",), zh=(f"第{k}行",), confidence=0.5,
                flags=(NOT_HEARD,) if k == 1 else ()) for k in range(3)]
    page = tmp_path / "index.html"
    page.write_text(render_page("t", cues, [], [], video_src="clip.mp4", stills_src=None),
                    encoding="utf-8")
    with _opened(page.as_uri(), (718, 1046)) as pg:  # (A4 less the default margins)
        _wait(pg, "document.getElementById('video').readyState >= 1")
        pg.click("tr.cue[data-cue=c2]")  # (where the video stands is not printed)
        pg.emulate_media(media="print")
        assert pg.is_hidden("#player") and pg.is_hidden("#keys")
        assert pg.evaluate("document.getElementById('cues').getBoundingClientRect().top") < 200
        styles = pg.evaluate("""() => ['.bar', '.flag', 'tr.cue'].map(s => {
            const c = getComputedStyle(document.querySelector(s));
            return [c.printColorAdjust, c.breakInside]; })""")
        assert styles[0][0] == styles[1][0] == "exact", styles
        assert styles[2][1] == "avoid", styles
        assert pg.evaluate("getComputedStyle(document.querySelector('tr.cue.active'))"
                           ".outlineStyle") == "none"


def test_the_playing_cues_row_changes_with_its_caption(page_path, tmp_path):
    """The row of the cue being spoken was found on timeupdate, 4 times a second: the sample
    at 1440x900 showed the 0:25.650 caption under the 0:21.145 row still highlighted, up to
    250 ms after the change. It now follows the picture frame by frame."""
    _browser_or_skip()
    from subtitler.model import Cue, Role
    from subtitler.review import render_page

    shutil.copy(page_path.parents[2] / "media" / "clip.mp4", tmp_path / "clip.mp4")
    cues = [Cue(id=f"c{k}", block="b01", role=Role.BODY, start_ms=1000 + 700 * k,
                end_ms=1000 + 700 * (k + 1), en=(f"Line {k}",), zh=(f"第{k}行",),
                confidence=0.9) for k in range(4)]
    page = tmp_path / "index.html"
    page.write_text(render_page("t", cues, [], [], video_src="clip.mp4", stills_src=None),
                    encoding="utf-8")
    with _opened(page.as_uri()) as pg:
        _wait(pg, "document.getElementById('video').readyState >= 1")
        # (each frame: the video's time and the highlighted row, while it plays 0.9 to 3.6 s)
        samples = pg.evaluate("""() => new Promise(done => {
            const v = document.getElementById('video'), seen = [];
            v.muted = true; v.currentTime = 0.9;
            v.addEventListener('seeked', () => {
              v.play();
              (function look() {
                const a = document.querySelector('tr.cue.active');
                seen.push([v.currentTime * 1000, a ? a.dataset.cue : null]);
                if (v.currentTime < 3.6) requestAnimationFrame(look);
                else { v.pause(); done(seen); }
              })();
            }, {once: true});
          })""")
    assert len(samples) > 30, samples  # (it played)
    late = []
    for ms, active in samples:
        due = next((c.id for c in cues if c.start_ms + 50 <= ms < c.end_ms), None)
        if due is not None and active != due:  # (50 ms: a frame or two of slack)
            late.append((round(ms), active, due))
    assert not late, late


SAMPLE_TITLE = "Henan builds high-level industry carriers"
LONG_TITLE = ("Henan builds high-level industry carriers during the 14th Five-Year Plan period: "
              "the industrial agglomeration areas' second start-up")


@pytest.mark.parametrize("viewport, title", [
    ((1280, 720), SAMPLE_TITLE), ((1366, 768), SAMPLE_TITLE), ((1280, 720), LONG_TITLE),
    ((900, 700), SAMPLE_TITLE), ((900, 700), "ep")],
    ids=["1280", "1366", "1280-long-title", "900", "900-short-title"])
def test_the_header_keeps_to_one_line_on_a_laptop(tmp_path, viewport, title):
    """At 1280 and 1366 px the header's rules with findings went to a second line (98 px of
    header, the sample's). On a laptop it is one line, the counts whole and in the window, the
    title and then the rules cut short (each whole in its tooltip); at 900 px the counts go
    under the title, two lines, not three (a short title keeps one)."""
    _browser_or_skip()
    page = _wide_cues_page(tmp_path, ("en_reading_speed", "low_confidence", "not_heard"),
                           title=title)
    w, _h = viewport
    with _opened(page.as_uri(), viewport) as pg:
        pg.evaluate("document.fonts.ready.then(() => true)")
        boxes = pg.evaluate("""() => ['header h1', '#qc-summary',
                                      'header .summary:not(#qc-summary)'].map(s => {
            const e = document.querySelector(s), r = e.getBoundingClientRect();
            return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                    cut: e.scrollWidth > e.clientWidth, title: e.title}; })""")
        title_box, counts, rules = boxes
        lines = 1 if w >= 1000 or title == "ep" else 2
        # (a line: the title's 29 px; the header's padding 24 px, the gap between lines 6)
        header = pg.evaluate("document.querySelector('header').getBoundingClientRect().height")
        assert header <= 24 + 1 + lines * 30 + (lines - 1) * 6, (header, boxes)
        if lines == 1:  # side by side, on one line
            assert counts["top"] < title_box["bottom"] and rules["top"] < title_box["bottom"]
            assert title_box["right"] <= counts["left"], boxes
        else:  # the counts under the title
            assert counts["top"] >= title_box["bottom"], boxes
        assert counts["right"] <= rules["left"], boxes
        assert counts["right"] <= w - 20 and not counts["cut"], counts  # (the counts whole)
        assert title_box["title"] == title
        assert rules["title"] == "rules with findings: en_reading_speed, low_confidence, " \
                                 "not_heard"
        assert title_box["cut"] == (title == LONG_TITLE), title_box
        assert pg.evaluate("document.documentElement.scrollWidth") <= w


def _contrast(a: str, b: str) -> float:
    """WCAG's contrast ratio of two CSS colours given as rgb(r, g, b)."""
    import re

    def luminance(css: str) -> float:
        c = [int(x) / 255 for x in re.findall(r"\d+", css)[:3]]
        c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_keyboards_place_shows_on_every_control(page_path, tmp_path):
    """Tab through the page: the browser's own focus ring, 1 px of near black, did not show at
    all on a pressed button (Both, Video with the tracks: dark themselves), and the row the
    keys stood on, the playing one, showed only its yellow outline. Each control and row
    reached by the keys now has a 3 px ring that stands out from the page, the header and a
    row, in the window."""
    _browser_or_skip()
    from subtitler.model import Cue, Role
    from subtitler.qc import WARNING, Finding
    from subtitler.review import render_page

    shutil.copy(page_path.parents[2] / "media" / "clip.mp4", tmp_path / "clip.mp4")
    cues = [Cue(id=f"c{k}", block="b01", role=Role.BODY, start_ms=1000 * k + 500,
                end_ms=1000 * k + 1300, en=(f"Line {k}",), zh=(f"第{k}行",), confidence=0.9)
            for k in range(4)]
    findings = [Finding("low_confidence", "c1", 1500, 0.2, 0.4, WARNING, "house", "check")]
    page = tmp_path / "index.html"
    page.write_text(render_page("t", cues, [], findings, video_src="clip.mp4",
                                stills_src=None, burned_src="clip.mp4"), encoding="utf-8")
    with _opened(page.as_uri()) as pg:
        _wait(pg, "document.getElementById('video').readyState >= 1")
        ring = """() => { const e = document.activeElement, c = getComputedStyle(e);
            const r = e.getBoundingClientRect();
            return {what: e.matches('tr.cue') ? 'row ' + e.dataset.cue
                          : (e.tagName + ' ' + e.textContent.trim()).trim(),
                    style: c.outlineStyle, width: parseFloat(c.outlineWidth),
                    color: c.outlineColor, offset: parseFloat(c.outlineOffset),
                    top: r.top, bottom: r.bottom}; }"""
        seen = {}
        for _ in range(30):  # (the video's own controls take a Tab each)
            pg.keyboard.press("Tab")
            got = pg.evaluate(ring)
            seen.setdefault(got["what"], got)
            if got["what"] == "row c1":
                break
        want = {"BUTTON 1 warnings", "VIDEO", "BUTTON Both", "BUTTON English",
                "BUTTON Video with the tracks", "BUTTON Burned render", "row c0", "row c1"}
        assert want <= set(seen), list(seen)
        pg.keyboard.press("j")  # (the row gone to: focused and playing, both)
        _wait(pg, "!document.getElementById('video').seeking")
        got = pg.evaluate(ring)
        assert pg.evaluate("document.activeElement.classList.contains('active')"), got
        seen["the playing row"] = got
        for what, got in seen.items():
            if what.split()[0] not in ("BUTTON", "VIDEO", "row", "the"):
                continue
            assert got["style"] == "solid" and got["width"] >= 2, (what, got)
            if what.startswith("BUTTON"):  # (around a pressed one, dark, on the page)
                assert got["offset"] >= 1, (what, got)
            for ground in ("rgb(255, 255, 255)", "rgb(246, 247, 249)", "rgb(255, 244, 194)"):
                # (white, the page, the playing row)
                assert _contrast(got["color"], ground) >= 3, (what, got, ground)
            assert 0 <= got["top"] and got["bottom"] <= 720, (what, got)
        # and each control the keys reach has a name (the video had none: "video, unnamed")
        tree = pg.context.new_cdp_session(pg).send("Accessibility.getFullAXTree")["nodes"]
        unnamed = [n["role"]["value"] for n in tree
                   if n.get("role", {}).get("value") in ("Video", "button")
                   and not n.get("name", {}).get("value", "").strip()]
        assert not unnamed, unnamed


def test_beside_the_player_the_cue_playing_its_findings_and_the_way_back(page_path, tmp_path):
    """At 1280x720 the list beside the player is 60 rows long: with it scrolled elsewhere
    nothing said which cue the picture was at, and its QC findings were across the page in a
    row out of sight. Under the player now: the cue (its number and time), its findings, and
    a button that takes the list back to its row; between cues, none."""
    _browser_or_skip()
    page = _sixty_cues_page(page_path, tmp_path)
    with _opened(page.as_uri()) as pg:
        _wait(pg, "document.getElementById('video').readyState >= 1")

        def rect(sel: str) -> dict:
            return pg.evaluate(f"(() => {{ const r = document.querySelector('{sel}')"
                               ".getBoundingClientRect(); return {left: r.left, top: r.top, "
                               "right: r.right, bottom: r.bottom}; })()")

        pg.click("#qc-summary button[data-next=warning]")  # c30, a low_confidence warning
        _wait(pg, "!document.getElementById('video').seeking")
        assert "Cue 31 of 60 (0:04.500)" in pg.inner_text("#playing-row")
        assert "low_confidence: check" in pg.inner_text("#playing-qc")
        # the list scrolled far from it: the cue and its finding are still in sight
        pg.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        assert rect("tr.cue[data-cue=c30]")["bottom"] < 0
        playing = rect("#playing")
        assert 0 <= playing["top"] and playing["bottom"] <= 720, playing
        assert playing["right"] <= rect("#list")["left"], playing  # (beside, not over, it)
        assert pg.is_visible("#playing-qc li.warning")
        pg.click("#playing-row")  # back to its row
        row = rect("tr.cue[data-cue=c30]")
        assert 0 <= row["top"] and row["bottom"] <= 720, row
        assert pg.evaluate("document.activeElement.dataset.cue") == "c30"
        pg.keyboard.press("j")  # a cue without findings says so
        _wait(pg, "!document.getElementById('video').seeking")
        assert "Cue 32 of 60" in pg.inner_text("#playing-row")
        assert pg.inner_text("#playing-qc") == "No QC findings"
        pg.evaluate("document.getElementById('video').currentTime = 0.12")  # (c0 ends at 0.1)
        _wait(pg, "!document.getElementById('video').seeking")
        assert pg.is_disabled("#playing-row")
        assert pg.inner_text("#playing-row") == "No cue at this time"


def test_the_playing_row_and_the_muted_text_stand_out_from_their_ground(page_path, tmp_path):
    """The playing row's outline was 1.8:1 against the white rows (a pale yellow all the row
    had, on a laptop's screen), and the muted 12 px text on it (a cue's duration, its
    confidence) 4.49:1, under the 4.5 small text needs. Each text of a row, playing or not,
    not heard or with a finding, is at 4.5:1 or more on its ground, the outline at 3:1."""
    _browser_or_skip()
    page = _sixty_cues_page(page_path, tmp_path)
    with _opened(page.as_uri()) as pg:
        _wait(pg, "document.getElementById('video').readyState >= 1")
        ground = """(e) => { for (; e; e = e.parentElement) {
              const b = getComputedStyle(e).backgroundColor;
              if (b !== 'rgba(0, 0, 0, 0)' && b !== 'transparent') return b; }
            return 'rgb(255, 255, 255)'; }"""
        texts = f"""(row) => {{ const ground = {ground};
            return Array.from(document.querySelectorAll(
                `tr.cue[data-cue=${{row}}] td, tr.cue[data-cue=${{row}}] td *`))
              .filter(e => Array.from(e.childNodes).some(n => n.nodeType === 3 &&
                                                          n.textContent.trim()))
              .map(e => [e.className || e.tagName, getComputedStyle(e).color, ground(e)]); }}"""
        for row in ("c30", "c40", "c2"):  # a warning, not heard, neither
            pg.click(f"tr.cue[data-cue={row}]")  # (playing: the yellow row)
            pg.mouse.move(0, 0)  # (no hover)
            _wait(pg, "!document.getElementById('video').seeking")
            assert pg.get_attribute("tr.cue.active", "data-cue") == row
            for playing in (True, False):
                if not playing:
                    pg.click("tr.cue[data-cue=c10]")
                    pg.mouse.move(0, 0)
                    _wait(pg, "!document.getElementById('video').seeking")
                found = pg.evaluate(texts, row)
                assert len(found) >= 4, found
                for what, color, back in found:
                    assert _contrast(color, back) >= 4.5, (row, playing, what, color, back)
        outline = pg.evaluate("getComputedStyle(document.querySelector('tr.cue.active'))"
                              ".outlineColor")
        assert _contrast(outline, "rgb(255, 255, 255)") >= 3, outline


def test_a_cue_not_heard_keeps_its_chinese_upright(page_path, tmp_path):
    """A cue not heard is muted and in italic; Chinese has no italic (the page's font has
    none) and Chromium slanted each character. Its English stays in italic, its Chinese
    upright, in the page's font."""
    _browser_or_skip()
    page = _sixty_cues_page(page_path, tmp_path)
    with _opened(page.as_uri()) as pg:
        style = pg.evaluate("""() => ['td.zh', 'td.en'].map(s => {
            const c = getComputedStyle(document.querySelector('tr.cue[data-cue=c40] ' + s));
            return [c.fontStyle, c.fontFamily]; })""")
    (zh_style, zh_family), (en_style, _) = style
    assert en_style == "italic" and zh_style == "normal", style
    assert zh_family.startswith('"Review CJK"'), zh_family
