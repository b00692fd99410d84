"""The bundled CJK font (Noto Sans CJK, OFL, from the manimgx-fonts-cjk package)."""

from __future__ import annotations

import functools
import logging
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
        if not Path(configured).is_dir():
            raise RenderError(f"SUBTITLER_FONTS_DIR names {configured}, which is not a folder",
                              fix="unset it to use the bundled font, or give the folder "
                                  "holding the CJK font")
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


WEIGHTS = {"Regular": 400, "Bold": 700}
_ALWAYS = "".join(chr(c) for c in range(32, 127)) + "“”‘’《》（）·—…｛｝，。、；：？！"


def static_fonts(text: str, cache_dir: Path, family: str = "Noto Sans CJK SC") -> Path:
    """A folder of static Regular and Bold fonts of ``family`` covering ``text``, for libass.

    The bundled font is variable, and libass draws a variable font at its default instance
    (Thin) whatever weight a style asks for. So the characters an episode uses are subset from
    the variable face and instantiated at 400 and 700, once per character set (cached under
    ``cache_dir``: about 100-200 KB a weight, made in seconds).
    """
    import hashlib
    import shutil
    import tempfile

    chars = "".join(sorted(set(text) | set(_ALWAYS)))
    key = hashlib.sha1(f"{family}\n{chars}".encode("utf-8")).hexdigest()[:12]
    out = cache_dir / f"fonts-{key}"
    names = [out / f"{family.replace(' ', '')}-{w}.otf" for w in WEIGHTS]
    if all(p.exists() for p in names):
        return out
    cache_dir.mkdir(parents=True, exist_ok=True)
    for old in cache_dir.glob("fonts-*"):
        if old != out:  # (another run may have just made this one)
            shutil.rmtree(old, ignore_errors=True)
    # this run's own folder: two renders at once each make theirs, and the first kept wins
    tmp = Path(tempfile.mkdtemp(prefix=f".fonts-{key}.", suffix=".part", dir=cache_dir))
    try:
        _make_instances(tmp, family, chars, names)
        try:
            tmp.replace(out)
        except OSError:
            if not all(p.exists() for p in names):
                raise
            shutil.rmtree(tmp, ignore_errors=True)  # another run's is there: the same fonts
    except BaseException:  # Ctrl-C or a failure leaves no half-made folder behind
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def _make_instances(tmp: Path, family: str, chars: str, names: list[Path]) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(str(font_file()), fontNumber=FACE_INDEX.get(family, 2))
    opts = subset.Options()
    opts.layout_features = ["*"]
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    sub = subset.Subsetter(opts)
    sub.populate(text=chars)
    log = logging.getLogger("fontTools")  # (its notes on tables it leaves whole, such as
    level = log.level  # "FFTM NOT subset", had come out as a stray line before our own)
    log.setLevel(logging.ERROR)
    try:
        sub.subset(font)
    finally:
        log.setLevel(level)
    is_variable = "fvar" in font
    for (style, weight), path in zip(WEIGHTS.items(), names):
        inst = instancer.instantiateVariableFont(font, {"wght": weight}, inplace=False) \
            if is_variable else font
        _set_names(inst, family, style, weight)
        inst.save(str(tmp / path.name))


def _set_names(font, family: str, style: str, weight: int) -> None:
    ps = f"{family.replace(' ', '')}-{style}"
    name = font["name"]
    for rec in list(name.names):
        if rec.nameID in (1, 2, 4, 6, 16, 17):
            name.removeNames(nameID=rec.nameID)
    for nid, value in ((1, family), (2, style), (4, f"{family} {style}"), (6, ps),
                       (16, family), (17, style)):
        name.setName(value, nid, 3, 1, 0x409)
        name.setName(value, nid, 1, 0, 0)
    font["OS/2"].usWeightClass = weight
    bold = style == "Bold"
    fs = font["OS/2"].fsSelection & ~0b1100001
    font["OS/2"].fsSelection = fs | (0b100000 if bold else 0b1000000)
    font["head"].macStyle = (font["head"].macStyle & ~1) | (1 if bold else 0)


@functools.lru_cache(maxsize=4)
def _face(family: str):
    from fontTools.ttLib import TTFont

    return TTFont(str(font_file()), fontNumber=FACE_INDEX.get(family, 2), lazy=True)


@functools.lru_cache(maxsize=4)
def _face_cmap(family: str) -> frozenset[int]:
    return frozenset(_face(family).getBestCmap())


@functools.lru_cache(maxsize=4)
def _face_ratio(family: str) -> float:
    """(ascent + descent) / em: libass sizes a font so that this height is the font size."""
    font = _face(family)
    os2 = font["OS/2"]
    return (os2.usWinAscent + os2.usWinDescent) / font["head"].unitsPerEm


def font_cmap(family: str = "Noto Sans CJK SC", static_dir: Path | None = None) -> frozenset[int]:
    """Code points the bundled face has glyphs for. With ``static_dir`` (the episode's static
    instances, cut from the face to the characters drawn) the small file is read instead: it
    holds every drawn character the face has, and no other."""
    if static_dir is not None:
        found = sorted(Path(static_dir).glob("*-Regular.otf"))
        if found:
            return _static_cmap(str(found[0]))
    return _face_cmap(family)


@functools.lru_cache(maxsize=4)
def _static_cmap(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(path, lazy=True).getBestCmap())


_MEASURE_PX = 256  # the size text is measured at; widths scale linearly from it


def text_width(text: str, ass_size: float, family: str = "Noto Sans CJK SC",
               bold: bool = False) -> float:
    """Width in pixels of ``text`` as libass draws it at ASS font size ``ass_size``, in the
    Regular or the Bold weight. libass scales the font so that its ascent plus descent is the
    size (a fractional pixel size: measuring at it rounded to whole pixels was off by up to
    4 %), does not hint, so widths scale linearly, and does not kern unless the script says
    `Kerning: yes` (VSFilter never kerned, and ours does not say it): measured with the
    font's kerning, lines came out up to 4 % narrower than drawn."""
    font = pil_font(_MEASURE_PX, "Bold" if bold else "Regular", family)
    try:
        advance = font.getlength(text, features=["-kern"])
    except (KeyError, ValueError, OSError):  # a Pillow without raqm sets no features
        advance = font.getlength(text)
    return advance * ass_size / _face_ratio(family) / _MEASURE_PX
