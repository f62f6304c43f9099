"""Each clean-up on a hand-made snippet: what a reader would see, and what must not survive."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.cleanup import clean_markdown, clean_title, split_header_lines
from ingest.loaders import load

CASES = [
    # (name, source, must appear, must not appear)
    (
        "liquid data variable",
        "Copilot is part of {% data variables.product.prodname_copilot_business %} today.",
        ["Copilot Business today"],
        ["{%", "variables.product"],
    ),
    (
        "liquid value variable leaves no figure",
        "The plan costs {% data variables.copilot.cfb_price_per_month %} per month.",
        ["costs cfb price per month per month"],
        ["{%", "$"],
    ),
    (
        "liquid control tags and reusables",
        "{% ifversion ghec %}Billing is monthly.{% endif %}\n{% data reusables.billing.note %}",
        ["Billing is monthly."],
        ["{%", "ifversion", "reusables"],
    ),
    (
        "liquid output",
        "Sign in at {{ site.data.variables.product_url }} first.",
        ["Sign in at product url first."],
        ["{{"],
    ),
    (
        "hugo shortcodes",
        'Themes:\n\n{{% product/pricing-themes "Premium" %}}\n\n'
        "{{< note >}}Paid only.{{< /note >}}",
        ["Themes:", "Paid only."],
        ["{{", "pricing-themes"],
    ),
    (
        "mdx import and self-closing component",
        'import { Render } from "~/components";\n\n'
        '<Render file="vectorize-ga" />\n\nBilled by dimension.',
        ["Billed by dimension."],
        ["import", "Render", "<"],
    ),
    (
        "mdx component with title keeps the title",
        '<Card title="Reduce Token Costs" icon="dollar-sign">\n  Up to 90% savings\n</Card>',
        ["Reduce Token Costs:", "Up to 90% savings"],
        ["<Card", "</Card>", "icon="],
    ),
    (
        "jsx expression",
        "Pricing for {props.product} is per seat.",
        ["Pricing for product is per seat."],
        ["{props"],
    ),
    (
        "github alert marker",
        "> [!NOTE]\n> Published prices are list price.\n\nNext paragraph.",
        ["Published prices are list price.", "Next paragraph."],
        ["[!NOTE]", ">"],
    ),
    (
        "colon fence admonition",
        ":::note[Heads up]\nWorkers AI bills in Neurons.\n:::\n\n:::\nAfter.",
        ["Heads up", "Workers AI bills in Neurons.", "After."],
        [":::"],
    ),
    (
        "mkdocs admonition is dedented",
        '!!! warning "Limits"\n    Ten per day.\n\nAfter.',
        ["Limits\nTen per day.", "After."],
        ["!!!"],
    ),
    (
        "links read as their text, images vanish",
        "See [the pricing page](https://example.com/p) and ![chart](img.png) <https://x.io>.",
        ["See the pricing page and", "https://x.io"],
        ["](", "chart", "<https"],
    ),
    (
        "mid-document source lines are not text",
        "Fast mode costs more.\n\nSource: https://docs.example.com/pricing\n\nNext.",
        ["Fast mode costs more.", "Next."],
        ["Source:", "docs.example.com"],
    ),
    (
        "emphasis, task boxes and inline code",
        "- [ ] Track **Fast mode** per `user_id`\n- [x] Done",
        ["- Track Fast mode per user_id", "- Done"],
        ["**", "[ ]", "[x]", "`"],
    ),
    (
        "heading emoji and anchors",
        "## 🚀 Getting started [#start]\n\nText.",
        ["## Getting started\n"],
        ["🚀", "[#start]"],
    ),
    (
        "code fences are left as written",
        "Run:\n\n```bash\nimport x from 'y'\n{% raw %} <Tag />\n```\n",
        ["import x from 'y'", "{% raw %} <Tag />"],
        [],
    ),
    (
        "comments vanish",
        "Before <!-- hidden --> after {/* mdx comment */}.",
        ["Before  after ."],
        ["hidden", "mdx comment"],
    ),
]


@pytest.mark.parametrize(("name", "source", "present", "absent"), CASES, ids=[c[0] for c in CASES])
def test_clean_markdown(name: str, source: str, present: list[str], absent: list[str]) -> None:
    cleaned = clean_markdown(source)
    for text in present:
        assert text in cleaned, f"{name}: {text!r} missing from {cleaned!r}"
    for text in absent:
        assert text not in cleaned, f"{name}: {text!r} left in {cleaned!r}"


TABLE = """Intro.

| | Intercom Fin | Zendesk AI agents |
|---|---|---|
| Published price | $0.99 per resolution | See Zendesk's documentation |
| Start | 15 November 2023 | 14 August 2024 |

| Plan | Price <br/> per month | Notes |
| :--- | ---: | --- |
| **Pro** | $20 <br/> billed yearly | Individual \\| solo |
"""


def test_table_rows_become_one_line_each_named_by_header() -> None:
    lines = [line for line in clean_markdown(TABLE).splitlines() if line.strip()]
    assert lines == [
        "Intro.",
        "Published price — Intercom Fin: $0.99 per resolution; "
        "Zendesk AI agents: See Zendesk's documentation.",
        "Start — Intercom Fin: 15 November 2023; Zendesk AI agents: 14 August 2024.",
        "Plan: Pro; Price per month: $20, billed yearly; Notes: Individual | solo.",
    ]


def test_table_rows_are_separate_paragraphs() -> None:
    """A blank line between rows: no sentence splitter can run two rows together."""
    assert "2023.\n\nStart" not in clean_markdown(TABLE)
    assert "documentation.\n\nStart —" in clean_markdown(TABLE)


@pytest.mark.parametrize(
    ("text", "metadata", "body_starts"),
    [
        (
            "Source: https://github.com/x/y\nLicence: MIT (LICENSE)\n\n---\ntitle: T\n---\nBody",
            {"origin": "https://github.com/x/y", "licence": "MIT (LICENSE)"},
            "---\ntitle: T",
        ),
        ("License: CC-BY-4.0\n# Title\nBody", {"licence": "CC-BY-4.0"}, "# Title"),
        ("Summary: not a header key\nBody", {}, "Summary:"),
        ("Source: https://only.a/header", {}, "Source:"),  # nothing else: keep the text
    ],
)
def test_header_lines_become_metadata(
    text: str, metadata: dict[str, str], body_starts: str
) -> None:
    found, body = split_header_lines(text)
    assert found == metadata
    assert body.startswith(body_starts)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("🚀 Launch pricing ✨", "Launch pricing"),
        ("**Bold** {% data variables.product.prodname_ghe %} plans", "Bold Ghe plans"),
        ("Plain", "Plain"),
    ],
)
def test_clean_title(title: str, expected: str) -> None:
    assert clean_title(title) == expected


def test_loader_keeps_header_lines_as_metadata_and_reads_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "pricing.mdx.md"
    path.write_text(
        "Source: https://github.com/acme/docs/blob/abc/pricing.mdx\n"
        "Licence: CC-BY-4.0\n\n"
        "---\ntitle: 💸 Acme pricing\nlang: en\n---\n\n"
        'import { Render } from "~/components";\n\n'
        ":::note\nPrices are list prices.\n:::\n\n"
        "| Plan | Price |\n|---|---|\n| Team | $8 per seat |\n",
        encoding="utf-8",
    )
    doc = load(str(path))
    assert doc.title == "Acme pricing"
    assert doc.metadata["origin"].startswith("https://github.com/acme")
    assert doc.metadata["licence"] == "CC-BY-4.0"
    assert "Source:" not in doc.text and "Licence" not in doc.text and "import" not in doc.text
    assert "Plan: Team; Price: $8 per seat." in doc.text
    assert "Prices are list prices." in doc.text and ":::" not in doc.text


def test_text_loader_takes_header_lines_as_metadata(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Source: https://example.com/notes\n\nSeats cost $5.\n", encoding="utf-8")
    doc = load(str(path))
    assert doc.metadata == {"origin": "https://example.com/notes"}
    assert doc.text.startswith("Seats cost $5.")
