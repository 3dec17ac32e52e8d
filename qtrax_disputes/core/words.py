"""``N_`` marks a sentence for translation where it is written, without translating it there.

Pure modules (the stages' plain words, the public deadline sentences, the categories) hold
English and import no Flask: ``pybabel extract`` finds each ``N_("...")`` for the catalogue,
and the page or email that shows the sentence translates it then, in its reader's language.
"""


def N_(message: str) -> str:  # noqa: N802  (the name gettext's tools look for)
    return message
