"""subtitler: bilingual (English + Simplified Chinese) subtitles for news video.

Layers, bottom up (each imports only from the layers below it):

    errors, model, textutil          the frozen data model and text measures
    config                           project.yaml: defaults, validation
    script                           published script -> blocks (and back)
    segment                          blocks -> segments (sentence alignment, line breaks)
    timing                           segments -> cues (reading speed, or the narration)
    tracks                           cues -> SRT / ASS / WebVTT / cues.json (and back)
    ffmpeg                           the one module that runs ffmpeg
    pipeline                         a project folder end to end, I/O at the edges
    cli                              the thin command-line shell, the only place that exits
"""

__version__ = "0.1.0"
