"""The bundled CJK font (Noto Sans CJK, OFL, from the manimgx-fonts-cjk package)."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from .errors import RenderError

# faces inside NotoSansCJK-VF.otf.ttc
FACE_INDEX = {"Noto Sans CJK JP": 0, "Noto Sans CJK KR": 1, "Noto Sans CJK SC": 2,
              "Noto Sans CJK TC": 3, "Noto Sans CJK HK": 4}


@functools.lru_cache(maxsize=1)
def fonts_dir() -> Path:
    """Folder holding the bundled font (``fontsdir`` for libass)."""
    configured = os.environ.get("SUBTITLER_FONTS_DIR")
    if configured:
        return Path(configured)
    try:
        import manimgx_fonts_cjk
    except ImportError as exc:  # pragma: no cover - a dependency
        raise RenderError("the bundled CJK font is missing",
                          fix="reinstall with `make demo` (package manimgx-fonts-cjk)") from exc
    return Path(manimgx_fonts_cjk.__file__).parent


def font_file() -> Path:
    for p in sorted(fonts_dir().iterdir()):
        if p.suffix.lower() in (".ttc", ".otf", ".ttf"):
            return p
    raise RenderError("no font file found", path=fonts_dir(),
                      fix="set SUBTITLER_FONTS_DIR to a folder holding the CJK font")


@functools.lru_cache(maxsize=32)
def pil_font(size: int, weight: str = "Regular", family: str = "Noto Sans CJK SC"):
    """A Pillow font of the bundled face at ``size`` pixels and a named weight."""
    from PIL import ImageFont

    font = ImageFont.truetype(str(font_file()), size, index=FACE_INDEX.get(family, 2))
    try:
        font.set_variation_by_name(weight)
    except (OSError, ValueError):  # a static font has no named instances
        pass
    return font
