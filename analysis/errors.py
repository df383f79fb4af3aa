"""Fatal errors for people: one sentence, Vietnamese first, English after in brackets.

A fatal error is often raised before campaign.toml says the campaign's language (it may be
the file that is missing or wrong), so it says both, like every reason in rejects.csv:
"Không có campaign.toml trong /x: hãy tạo một tệp (No campaign.toml in /x: create one)".
Where the language is known (`lang`, from a campaign.toml that was read) it says that one only,
as the terminal summary does.
"""

from __future__ import annotations

from analysis.read import bilingual


class BilingualError(Exception):
    """Raised as `SomeError(vietnamese, english)`; `lang="vi"`/`"en"` keeps one language only."""

    def __init__(self, vietnamese: str, english: str, *, lang: str | None = None):
        self.vietnamese, self.english, self.lang = vietnamese, english, lang
        if lang is None:
            message = bilingual(vietnamese, english)
        else:
            message = vietnamese if lang == "vi" else english
        super().__init__(message)

    @classmethod
    def wrap(cls, error: BilingualError) -> BilingualError:
        """The same sentence as another kind of error (a CampaignError met by `trends`)."""
        return cls(error.vietnamese, error.english, lang=error.lang)

    def __reduce__(self):  # pickled across worker processes with both texts
        return _rebuild, (type(self), self.vietnamese, self.english, self.lang)


def _rebuild(cls: type, vietnamese: str, english: str, lang: str | None) -> BilingualError:
    return cls(vietnamese, english, lang=lang)
