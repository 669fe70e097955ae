"""An invented story for the outlet, label, timeline and correction tests: four outlets report a
dam failure over two days, the toll rising from "at least 10" to 24.

What the analysis makes of it (checked by the tests that rely on it): one claim all four carry
(the dam failed on Tuesday), "the dam burst after three days of rain" in the wire and the first
newspaper, "the governor declared an emergency" in the two newspapers only, "schools stay closed"
in the second newspaper and the broadcaster, one claim of the wire's own and one of the
broadcaster's own that says the same in other words (crews searching the valley overnight), and
one discrepancy of kind "update" (10, then 24 people).
"""

from __future__ import annotations

WIRE = (
    "At least 10 people died when the Kesta dam failed on Tuesday, officials said. "
    "The dam burst after three days of heavy rain. Rescue teams searched the valley overnight."
)
COURIER = (
    "The Kesta dam failed on Tuesday and 24 people died, officials said. The dam burst after three days of "
    "heavy rain. The regional governor declared a state of emergency in the valley."
)
LEDGER = (
    "Officials said 24 people died after the Kesta dam failed on Tuesday. The regional governor declared a "
    "state of emergency in the valley. Schools in the valley will stay closed until Friday."
)
RADIO = (
    "The Kesta dam failed on Tuesday, officials said. Schools in the valley will stay closed until Friday. "
    "Emergency crews combed the flooded basin through the night."
)

# outlet, text, published (the radio's time of day is not known), kind of outlet
ARTICLES = [
    ("Kesta Wire", WIRE, "2025-03-04T06:00:00Z", "wire"),
    ("Valley Courier", COURIER, "2025-03-04T12:30:00Z", "newspaper"),
    ("Northern Ledger", LEDGER, "2025-03-04T18:00:00+00:00", "newspaper"),
    ("Radio North", RADIO, "2025-03-05", "broadcaster"),
]
KINDS = ["wire", "newspaper", "broadcaster"]
LABELS_CSV = "outlet,kind\n" + "".join(f"{outlet},{kind}\n" for outlet, _, _, kind in ARTICLES)

GOVERNOR = "The regional governor declared a state of emergency"
RAIN = "The dam burst after three days of heavy rain."
RESCUE = "Rescue teams searched the valley overnight."
CREWS = "Emergency crews combed the flooded basin through the night."


def store(add_article, session, settings, with_times: bool = True) -> tuple[str, list[int]]:
    """The four articles stored and compared: (comparison slug, article ids in order)."""
    from app.services.comparisons import create_comparison

    ids = [
        add_article(text, outlet, title=f"{outlet} on the dam", published=published if with_times else None).id
        for outlet, text, published, _ in ARTICLES
    ]
    return create_comparison(session, settings, ids, title="Kesta dam").slug, ids


def claim_with(result: dict, words: str) -> dict:
    """The claim of a comparison's JSON whose text or passages hold ``words``."""
    for claim in result["claims"]:
        if words in claim["text"] or any(words in o.get("passage", "") for o in claim["occurrences"]):
            return claim
    raise AssertionError(f"no claim holds {words!r}")
