"""Text-to-competency mapping: which sub-competencies a piece of work exercises.

A work description ("Ran the quarterly PMR with the Saudi customer") is
compared with the statement of every sub-competency. Two measures are blended:

- meaning: the cosine of sentence embeddings. The embedding function is passed
  in (texts -> unit vectors), so this module needs no model to be tested;
- words: a BM25 score over the same documents, after spelling out the
  acronyms the directorate writes every day (LOA, PMR, DDL...), so a short,
  jargon-heavy description still meets the statement that names the thing in
  full.

For the word score a sub-competency is its statement together with its parent
competency's title and description ("Conduct program management reviews..."
alone does not say it belongs to Sales and Transfers). For the meaning score it
is the statement alone: on the labelled work descriptions, folding the parent's
text into the embedding blurred the siblings together and lost more than it
gained.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

Embed = Callable[[Sequence[str]], np.ndarray]

# Acronyms of security cooperation work, spelled out as the framework's statements name them.
GLOSSARY = {
    "loa": "letter of offer and acceptance",
    "loas": "letters of offer and acceptance",
    "lor": "letter of request",
    "lors": "letters of request",
    "mor": "memo of request",
    "p&a": "price and availability estimate",
    "pmr": "program management review",
    "fmr": "financial management review",
    "fms": "foreign military sales",
    "dcs": "direct commercial sales",
    "bpc": "building partner capacity",
    "tcp": "theater campaign plan",
    "ppbe": "planning programming budgeting execution",
    "pom": "program objective memorandum programming budgeting",
    "mou": "memorandum of understanding international agreement",
    "moa": "memorandum of agreement international agreement",
    "ddl": "delegation of disclosure authority letter",
    "eum": "end-use monitoring",
    "cpi": "critical program information",
    "ia&e": "international acquisition and exportability",
    "tsfd": "technology security and foreign disclosure",
    "gsomia": "general security of military information agreement",
    "gsoia": "general security of information agreement",
    "cismoa": "communications and information security memorandum of agreement",
    "dib": "defense institution building",
    "dotmlpf": "doctrine organization training materiel leadership education personnel facilities",
    "dotlpf": "doctrine organization training leadership education personnel facilities",
    "pme": "professional military education",
    "mod": "ministry of defense",
    "am&e": "assessment monitoring and evaluation",
    "dsams": "automated system for security cooperation cases",
    "scip": "automated system security cooperation information portal",
}

_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "or",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "at",
        "as",
        "from",
        "into",
        "over",
        "under",
        "our",
        "their",
        "its",
        "his",
        "her",
        "we",
        "they",
        "he",
        "she",
        "it",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "this",
        "that",
        "these",
        "those",
        "so",
        "such",
        "e",
        "g",
        "eg",
        "etc",
        "and/or",
        "which",
        "who",
        "whom",
        "can",
        "could",
        "may",
        "might",
        "will",
        "would",
        "should",
        "up",
        "out",
        "all",
        "each",
        "any",
        "so",
        "than",
        "then",
        "there",
        "them",
        "us",
        "new",
    ]
)
_TOKEN = re.compile(r"[a-z0-9]+(?:&[a-z0-9]+)?")


def expand_acronyms(text: str) -> str:
    """The text with each known acronym followed by its spelled-out form."""

    def spell(match: re.Match) -> str:
        word = match.group(0)
        full = GLOSSARY.get(word.lower())
        return f"{word} ({full})" if full else word

    return re.sub(r"[A-Za-z][A-Za-z&]*[A-Za-z]", spell, text)


def _stem(word: str) -> str:
    # A light suffix stripper: enough to meet "negotiated" with "negotiations".
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + replacement
    return word


_SUFFIXES = [
    ("ations", "at"),
    ("ation", "at"),
    ("ates", "at"),
    ("ate", "at"),
    ("ings", ""),
    ("ing", ""),
    ("ies", "y"),
    ("ed", ""),
    ("es", ""),
    ("s", ""),
]


def tokens(text: str) -> list[str]:
    """Lower-cased, stemmed words of a text, acronyms spelled out, stop words left out."""
    words = _TOKEN.findall(expand_acronyms(text).lower())
    return [_stem(word) for word in words if word not in _STOPWORDS and len(word) > 1]


class Bm25:
    """Okapi BM25 over a fixed set of documents, as dense numpy arrays."""

    def __init__(self, documents: Sequence[str], *, k1: float = 1.2, b: float = 0.75):
        bags = [Counter(tokens(document)) for document in documents]
        self.vocabulary = {word: i for i, word in enumerate(sorted(set().union(*bags)))}
        counts = np.zeros((len(bags), len(self.vocabulary)), dtype=np.float64)
        for row, bag in enumerate(bags):
            for word, count in bag.items():
                counts[row, self.vocabulary[word]] = count
        lengths = counts.sum(axis=1, keepdims=True)
        mean_length = float(lengths.mean()) if len(bags) else 1.0
        frequency = (counts > 0).sum(axis=0)
        n = len(bags)
        self.idf = np.log(1 + (n - frequency + 0.5) / (frequency + 0.5))
        self.weights = (
            counts * (k1 + 1) / (counts + k1 * (1 - b + b * lengths / max(mean_length, 1e-9)))
        )

    def scores(self, query: str) -> np.ndarray:
        """One score per document; 0 where the query shares no word with it."""
        columns = [self.vocabulary[word] for word in set(tokens(query)) if word in self.vocabulary]
        if not columns:
            return np.zeros(self.weights.shape[0])
        return self.weights[:, columns] @ self.idf[columns]


@dataclass(frozen=True)
class Item:
    """A sub-competency as the mapping reads it."""

    code: str
    statement: str
    parent_title: str = ""
    parent_description: str = ""


def document(item: Item) -> str:
    """The words that stand for a sub-competency: parent competency, then the statement."""
    parts = [item.parent_title, item.parent_description, item.statement]
    return ". ".join(part.strip().rstrip(".") for part in parts if part.strip()) + "."


@dataclass(frozen=True)
class Suggestion:
    code: str
    score: float  # the blended score, 0 to 1
    meaning: float  # cosine similarity of the embeddings
    words: float  # BM25 score relative to the best-matching item for this text


# How much of the blended score comes from meaning; the rest comes from shared words.
MEANING_WEIGHT = 0.6


class MappingIndex:
    """The sub-competencies of one framework, ready to be ranked against texts."""

    def __init__(self, items: Sequence[Item], vectors: np.ndarray):
        if len(items) != len(vectors):
            raise ValueError(f"{len(items)} items but {len(vectors)} vectors.")
        self.items = list(items)
        self.codes = [item.code for item in self.items]
        self.vectors = np.asarray(vectors, dtype=np.float32)
        self.bm25 = Bm25([document(item) for item in self.items])

    @classmethod
    def build(cls, items: Sequence[Item], embed: Embed) -> MappingIndex:
        return cls(items, document_vectors(items, embed))

    def scores(
        self, queries: Sequence[str], embed: Embed, *, meaning_weight: float = MEANING_WEIGHT
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Blended, meaning and word scores, each (len(queries), len(items))."""
        query_vectors = np.asarray(embed([expand_acronyms(q) for q in queries]), np.float32)
        meaning = query_vectors @ self.vectors.T if len(queries) else np.zeros((0, len(self.codes)))
        words = np.array([self.bm25.scores(query) for query in queries]).reshape(meaning.shape)
        best = words.max(axis=1, keepdims=True)
        relative = np.divide(words, best, out=np.zeros_like(words), where=best > 0)
        blended = meaning_weight * meaning + (1 - meaning_weight) * relative
        return blended, meaning, relative

    def rank(
        self, query: str, embed: Embed, *, top: int = 5, meaning_weight: float = MEANING_WEIGHT
    ) -> list[Suggestion]:
        """The `top` sub-competencies best matching the text, best first."""
        blended, meaning, words = self.scores([query], embed, meaning_weight=meaning_weight)
        order = np.argsort(-blended[0], kind="stable")[:top]
        return [
            Suggestion(
                code=self.codes[i],
                score=float(blended[0, i]),
                meaning=float(meaning[0, i]),
                words=float(words[0, i]),
            )
            for i in order.tolist()
        ]

    def rank_many(
        self, queries: Sequence[str], embed: Embed, *, top: int = 5, meaning_weight: float
    ) -> list[list[str]]:
        """The top codes for each text, embedding all the texts in one batch."""
        blended, _, _ = self.scores(queries, embed, meaning_weight=meaning_weight)
        order = np.argsort(-blended, axis=1, kind="stable")[:, :top]
        return [[self.codes[i] for i in row] for row in order.tolist()]


def document_vectors(items: Sequence[Item], embed: Embed) -> np.ndarray:
    """Unit embeddings of the items' statements, (len(items), dimensions)."""
    return np.asarray(embed(embedded_texts(items)), dtype=np.float32)


def embedded_texts(items: Sequence[Item]) -> list[str]:
    """What is embedded for each item (and so what a cache of its vectors is keyed by)."""
    return [item.statement for item in items]


# --- evaluation ---------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    """A labelled work description: the sub-competencies it exercises."""

    text: str
    codes: frozenset[str]


@dataclass(frozen=True)
class Evaluation:
    examples: int
    hit_at_1: float  # share of texts whose first suggestion is one of their codes
    hit_at_3: float  # share of texts with one of their codes among the first three
    recall_at_3: float  # mean share of a text's codes found among the first three
    precision_at_3: float  # mean share of the first three suggestions that are the text's codes


def evaluate(examples: Sequence[Example], rankings: Iterable[Sequence[str]]) -> Evaluation:
    """Score rankings (codes, best first, one list per example) against the labels."""
    hit1 = hit3 = recall3 = precision3 = 0.0
    count = 0
    for example, ranked in zip(examples, rankings, strict=True):
        count += 1
        hit1 += bool(ranked[:1]) and ranked[0] in example.codes
        hit3 += any(code in example.codes for code in ranked[:3])
        found = len(example.codes & set(ranked[:3]))
        recall3 += found / max(len(example.codes), 1)
        precision3 += found / max(len(ranked[:3]), 1)
    if not count:
        return Evaluation(0, math.nan, math.nan, math.nan, math.nan)
    return Evaluation(count, hit1 / count, hit3 / count, recall3 / count, precision3 / count)


# --- learning from labelled texts and users' decisions -------------------------
#
# The blend above was set by hand on the texts it was then measured on. `FittedMapping`
# is fitted instead: a small logistic re-ranker weighs the evidence for each
# (text, sub-competency) pair, learned only from the training texts it is given
# (labelled examples, and suggestions people accepted or rejected). `cross_validate`
# measures it on texts it was not fitted on; docs/mapping.md holds the comparison
# that chose the features below.


class CachedEmbed:
    """An embedding function that encodes each distinct text once per run."""

    def __init__(self, embed: Embed):
        self._embed = embed
        self._vectors: dict[str, np.ndarray] = {}

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        missing = [text for text in dict.fromkeys(texts) if text not in self._vectors]
        if missing:
            for text, vector in zip(missing, np.asarray(self._embed(missing)), strict=True):
                self._vectors[text] = np.asarray(vector, dtype=np.float32)
        if not len(texts):
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self._vectors[text] for text in texts])


@dataclass(frozen=True)
class Judgement:
    """A person's decision on one suggested code for a text: accepted or rejected."""

    text: str
    code: str
    accepted: bool


def rich_document(item: Item) -> str:
    """The statement first, then its parent competency's title and description."""
    parts = [item.statement, item.parent_title, item.parent_description]
    return ". ".join(part.strip().rstrip(".") for part in parts if part.strip()) + "."


# The evidence a pair can carry. Each is a (texts, items) matrix:
# - statement, rich: cosine with the statement alone, and with the statement followed by
#   its parent competency's title and description;
# - statement_z, rich_z: the same, as distances from the text's mean over all items in
#   standard deviations (what stands out for this text, not how wordy it is);
# - words: the BM25 score of `MappingIndex`, relative to the text's best item;
# - nearest: the best cosine with a training text tied to the item;
# - votes: the share of the text's nearest training texts (softly weighted) tied to it.
FEATURES = ("statement", "rich", "statement_z", "rich_z", "words", "nearest", "votes")
# Chosen by five-fold cross-validation on the development part (docs/mapping.md).
CHOSEN_FEATURES = ("statement_z", "rich_z", "words", "nearest", "votes")
# Fewer positive pairs than this whose code has another training text, and the fit uses
# every pair (a guard for tiny training sets, not a tuned figure).
MIN_TAUGHT_PAIRS = 10
# How sharply the votes favour the nearest training texts: weight exp((cos - 1) / T).
VOTE_TEMPERATURE = 0.05


def _standardised(scores: np.ndarray) -> np.ndarray:
    """Each row's scores as distances from the row's mean in its standard deviations."""
    spread = scores.std(axis=1, keepdims=True)
    return (scores - scores.mean(axis=1, keepdims=True)) / np.maximum(spread, 1e-9)


class FittedMapping:
    """The sub-competencies of a framework with what was learned from training texts.

    `examples` (labelled texts) and `judgements` (accepted and rejected suggestions)
    are the training data. A labelled text is a positive pair for each of its codes and
    a negative pair for every other code; a judgement is one pair. With no training
    text at all, the ranking is the hand-set blend of `MappingIndex`, so a framework
    nobody has labelled still gets suggestions.
    """

    def __init__(
        self,
        items: Sequence[Item],
        embed: Embed,
        *,
        examples: Sequence[Example] = (),
        judgements: Sequence[Judgement] = (),
        features: Sequence[str] = CHOSEN_FEATURES,
        l2: float = 1.0,
    ):
        unknown = sorted(set(features) - set(FEATURES))
        if unknown:
            raise ValueError(f"Unknown features: {', '.join(unknown)}.")
        self.items = list(items)
        self.codes = [item.code for item in self.items]
        self.position = {code: i for i, code in enumerate(self.codes)}
        self.features = list(features)
        self.statement_vectors = np.asarray(embed(embedded_texts(self.items)), np.float32)
        self.rich_vectors = np.asarray(embed([rich_document(i) for i in self.items]), np.float32)
        self.bm25 = Bm25([document(item) for item in self.items])
        # Every (text, code) that a label or an acceptance ties together.
        tied = [(e.text, code) for e in examples for code in sorted(e.codes)]
        tied += [(j.text, j.code) for j in judgements if j.accepted]
        tied = [(text, code) for text, code in tied if code in self.position]
        self.training_texts = [text for text, _ in tied]
        self.training_owner = np.array([self.position[code] for _, code in tied], dtype=int)
        self.training_vectors = _embed_texts(embed, self.training_texts, self.statement_vectors)
        self.weights: np.ndarray | None = None
        if tied:
            self._fit(examples, judgements, embed, l2)

    def _features(
        self, texts: Sequence[str], vectors: np.ndarray, *, leave_out: bool = False
    ) -> np.ndarray:
        """(texts, items, features). With leave_out, a training text never meets itself."""
        statement = vectors @ self.statement_vectors.T
        rich = vectors @ self.rich_vectors.T
        words = np.array([self.bm25.scores(text) for text in texts]).reshape(statement.shape)
        best = words.max(axis=1, keepdims=True)
        words = np.divide(words, best, out=np.zeros_like(words), where=best > 0)
        nearest = np.zeros_like(statement)
        votes = np.zeros_like(statement)
        if self.training_texts:
            similarity = vectors @ self.training_vectors.T
            if leave_out:
                same = np.array(texts)[:, None] == np.array(self.training_texts)[None, :]
                similarity = np.where(same, -1.0, similarity)
            for item in np.unique(self.training_owner):
                nearest[:, item] = similarity[:, self.training_owner == item].max(axis=1)
            # An item whose only training text is the one left out has none for this text,
            # like an item nobody labelled: 0, not the -1 that marked the text itself.
            nearest = np.where(nearest <= -1.0, 0.0, nearest)
            weight = np.where(similarity > -1.0, np.exp((similarity - 1) / VOTE_TEMPERATURE), 0)
            np.add.at(votes.T, self.training_owner, weight.T)
            votes = votes / np.maximum(votes.sum(axis=1, keepdims=True), 1e-12)
        every = {
            "statement": statement,
            "rich": rich,
            "statement_z": _standardised(statement),
            "rich_z": _standardised(rich),
            "words": words,
            "nearest": nearest,
            "votes": votes,
        }
        return np.stack([every[name] for name in self.features], axis=2)

    def _fit(self, examples, judgements, embed: Embed, l2: float) -> None:
        texts = list(dict.fromkeys([e.text for e in examples] + [j.text for j in judgements]))
        row = {text: i for i, text in enumerate(texts)}
        labels = np.zeros((len(texts), len(self.items)))
        known = np.zeros_like(labels, dtype=bool)
        for example in examples:
            known[row[example.text], :] = True
            for code in example.codes & self.position.keys():
                labels[row[example.text], self.position[code]] = 1
        for judgement in judgements:
            if judgement.code in self.position:
                cell = row[judgement.text], self.position[judgement.code]
                known[cell] = True
                labels[cell] = float(judgement.accepted)
        # A text whose code has no other training text cannot show what a neighbour is
        # worth: left out, its own code would look like the one item with no neighbour.
        texts_per_item = np.bincount(self.training_owner, minlength=len(self.items))
        taught = ((labels > 0) & known) <= (texts_per_item >= 2)[None, :]
        rows = taught.all(axis=1)
        if (labels[rows] > 0).sum() < MIN_TAUGHT_PAIRS:
            rows[:] = True  # too few: fit on all rather than on a handful
        vectors = _embed_texts(embed, texts, self.statement_vectors)
        x = self._features(texts, vectors, leave_out=True)
        cells = known & rows[:, None]
        self.weights = _logistic(x[cells], labels[cells], l2=l2)

    def scores(self, queries: Sequence[str], embed: Embed) -> np.ndarray:
        """(queries, items): a probability once fitted, the hand-set blend before."""
        vectors = _embed_texts(embed, queries, self.statement_vectors)
        if self.weights is None:
            meaning = vectors @ self.statement_vectors.T
            words = np.array([self.bm25.scores(q) for q in queries]).reshape(meaning.shape)
            best = words.max(axis=1, keepdims=True)
            words = np.divide(words, best, out=np.zeros_like(words), where=best > 0)
            return MEANING_WEIGHT * meaning + (1 - MEANING_WEIGHT) * words
        z = self._features(queries, vectors) @ self.weights[:-1] + self.weights[-1]
        return 1 / (1 + np.exp(-z))

    def rank_many(self, queries: Sequence[str], embed: Embed, *, top: int = 5) -> list[list[str]]:
        """The `top` codes for each text, best first."""
        order = np.argsort(-self.scores(queries, embed), axis=1, kind="stable")[:, :top]
        return [[self.codes[i] for i in row] for row in order.tolist()]

    def rank(self, query: str, embed: Embed, *, top: int = 5) -> list[tuple[str, float]]:
        """The `top` (code, score) pairs for one text, best first."""
        scores = self.scores([query], embed)[0]
        order = np.argsort(-scores, kind="stable")[:top]
        return [(self.codes[i], float(scores[i])) for i in order.tolist()]


def _embed_texts(embed: Embed, texts: Sequence[str], like: np.ndarray) -> np.ndarray:
    if not len(texts):
        return np.zeros((0, like.shape[1]), np.float32)
    return np.asarray(embed([expand_acronyms(text) for text in texts]), np.float32)


def _logistic(x: np.ndarray, y: np.ndarray, *, l2: float, steps: int = 100) -> np.ndarray:
    """Weights (the bias last) of an L2-regularised logistic regression, by Newton steps.

    Positives are weighted up to balance the negatives (a labelled text is a negative
    for every code but its own), so the few positives still shape the fit.
    """
    n, d = x.shape
    design = np.hstack([x, np.ones((n, 1))])
    positives = float(y.sum())
    balance = np.where(y > 0, (n - positives) / max(positives, 1.0), 1.0)
    penalty = l2 * np.eye(d + 1)
    penalty[-1, -1] = 0.0  # the bias is not shrunk
    weights = np.zeros(d + 1)
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(design @ weights)))
        gradient = design.T @ (balance * (p - y)) + penalty @ weights
        hessian = (design * (balance * p * (1 - p))[:, None]).T @ design + penalty
        step = np.linalg.solve(hessian + 1e-9 * np.eye(d + 1), gradient)
        weights -= step
        if np.abs(step).max() < 1e-8:
            break
    return weights


# --- cross-validation -----------------------------------------------------------


@dataclass(frozen=True)
class CrossValidation:
    """One evaluation per fold, each of a method fitted without that fold."""

    folds: list[Evaluation]

    def mean(self, field: str) -> float:
        return float(np.mean([getattr(fold, field) for fold in self.folds]))

    def spread(self, field: str) -> float:
        """The standard deviation over the folds."""
        return float(np.std([getattr(fold, field) for fold in self.folds]))


def folds(count: int, k: int, *, seed: int = 20) -> list[list[int]]:
    """K disjoint index lists covering range(count): the same for the same count and k."""
    if count < 2:
        raise ValueError(f"Cross-validation needs at least 2 labelled texts, not {count}.")
    if not 2 <= k <= count:
        raise ValueError(f"Cross-validation needs between 2 and {count} folds, not {k}.")
    order = np.random.default_rng(seed).permutation(count)
    return [sorted(order[i::k].tolist()) for i in range(k)]


def cross_validate(
    examples: Sequence[Example],
    k: int,
    rank: Callable[[Sequence[Example], Sequence[Example]], list[list[str]]],
) -> CrossValidation:
    """Each fold ranked by `rank(training, held_out)`, fitted on the other folds only."""
    results = []
    for held in folds(len(examples), k):
        held_set = set(held)
        training = [e for i, e in enumerate(examples) if i not in held_set]
        held_out = [examples[i] for i in held]
        results.append(evaluate(held_out, rank(training, held_out)))
    return CrossValidation(results)
