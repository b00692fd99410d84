"""`subtitler fetch`: an episode's video downloaded to its `video:` path from
`video_source.url`, and checked against `video_source.sha256`. Media is not committed; a CI job
fetches each episode's video before `make check` times its cues against the narration.

The download goes to a hidden temporary file beside the video and is renamed only once complete
and checked: an interrupted or wrong download leaves nothing at the video's path. A video
already there is never replaced: one that differs from the checksum is an error to settle.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import secrets
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from .errors import ConfigError, MediaError

CHUNK = 1 << 20
TIMEOUT_S = 60


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _bad_address(url: str) -> str | None:
    """What makes ``url`` no address urllib can ask for (a space, a character that is not
    ASCII, a broken [host] or port), else None."""
    import urllib.parse

    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        return "it holds a space or a control character"
    if not url.isascii():
        return "it holds characters that are not ASCII"
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # (raises on a port that is no number, or out of range)
    except ValueError as exc:
        return str(exc)
    if parts.scheme.lower() != "file" and not parts.hostname:
        return "it names no host"
    return None


def fetch_video(project, progress: Callable[[int, int | None], None] | None = None) -> str:
    """Fetch the project's video if it is missing; returns what was done, for the user."""
    cfg = project.config
    source = cfg.video_source
    if not source.url:
        return "no video_source.url in project.yaml: nothing to fetch"
    video = project.video_path
    if video is None:
        raise ConfigError("`video_source` needs `video:`, the path the video is fetched to",
                          path=project.config_path, line=cfg.line("video_source.url"),
                          fix="add `video: media/<name>.mp4`")
    want = (source.sha256 or "").lower()
    if video.exists():
        if not want:
            return f"{video} is there (no video_source.sha256 to check it against)"
        if sha256_of(video) == want:
            return f"{video} is there and matches its sha256"
        raise MediaError("differs from `video_source.sha256`; left as it is", path=video,
                         fix="delete it to fetch it again, or give the sha256 of this video "
                             f"in {project.config_path.name}")
    url = source.url
    if not url.lower().startswith(("https://", "http://", "file://")):
        raise ConfigError(f"`video_source.url` {url!r} is not an http(s) or file:// address",
                          path=project.config_path, line=cfg.line("video_source.url"),
                          fix="give the address the video is downloaded from")
    def not_an_address(why: object) -> ConfigError:
        return ConfigError(f"`video_source.url` {url!r} is not a valid address: {why}",
                           path=project.config_path, line=cfg.line("video_source.url"),
                           fix="percent-encode it as a browser's address bar copies it "
                               "(a space is %20)")

    bad = _bad_address(url)
    if bad:
        raise not_an_address(bad)
    video.parent.mkdir(parents=True, exist_ok=True)
    tmp = video.with_name(f".{video.name}.{os.getpid()}-{secrets.token_hex(3)}.part")
    digest = hashlib.sha256()
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "subtitler"})
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response, \
                tmp.open("wb") as out:
            # (a file:// response has no length, but says it in its headers)
            size = getattr(response, "length", None) or response.headers.get("Content-Length")
            total = int(size) if str(size or "").isdigit() else None  # (a bad one: unknown)
            done = 0
            for block in iter(lambda: response.read(CHUNK), b""):
                out.write(block)
                digest.update(block)
                done += len(block)
                if progress:
                    progress(done, total)
        if total is not None and done < total:
            raise MediaError(f"the download of {url} stopped at {done} of {total} bytes",
                             path=video, fix="run `subtitler fetch` again")
        got = digest.hexdigest()
        if want and got != want:
            raise MediaError(f"the file at {url} has sha256 {got}, not the {want} "
                             "project.yaml gives; nothing was saved", path=video,
                             fix="check `video_source` in project.yaml")
        os.replace(tmp, video)
    except urllib.error.HTTPError as exc:
        raise MediaError(f"could not fetch {url}: HTTP {exc.code} {exc.reason}", path=video,
                         fix="check `video_source.url` in project.yaml") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise MediaError(f"could not fetch {url}: {reason}", path=video,
                         fix="check `video_source.url` in project.yaml and the network") from None
    except http.client.InvalidURL as exc:  # what _bad_address did not see
        raise not_an_address(exc) from None
    except http.client.HTTPException as exc:  # the server broke off mid-answer
        raise MediaError(f"could not fetch {url}: {type(exc).__name__} {exc}", path=video,
                         fix="run `subtitler fetch` again") from None
    finally:
        tmp.unlink(missing_ok=True)
    return f"fetched {video} ({done} bytes{', sha256 checked' if want else ''})"
