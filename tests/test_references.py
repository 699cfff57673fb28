"""The works the claims cite, each with a link: every claim's source names at least one, and a source naming two
finds both."""

from mlfootprint.loaders import load_claims
from mlfootprint.references import load_references, references_of


def test_every_claim_cites_a_work_with_a_link():
    for claim_id, source in load_claims()["source"].items():
        assert references_of(source), f"{claim_id}: no work of data/references.csv in {source!r}"
    assert load_references()["url"].str.startswith("https://").all()


def test_a_source_naming_the_article_and_a_paper_finds_both():
    found = references_of("HACARUS, Edge AI Evangelist's Thoughts Vol.18 (2022), Conclusion; Strubell, Ganesh & "
                          "McCallum 2019, Table 1")
    assert [work["key"] for work in found] == ["hacarus-2022", "strubell-2019"]
    assert found[0]["url"] == "https://hacarus.com/ai-lab/03102022-decarbonizing-ai/"  # the article, as published
    assert found[1]["url"] == "https://doi.org/10.18653/v1/P19-1355"  # ACL Anthology DOI of Strubell et al. 2019
