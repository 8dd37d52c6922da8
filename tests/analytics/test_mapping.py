"""The text-to-competency ranking, with a small deterministic embedding in place of the model."""

import numpy as np
import pytest

from seccoop.analytics.mapping import (
    MEANING_WEIGHT,
    Bm25,
    CachedEmbed,
    Example,
    FittedMapping,
    Item,
    Judgement,
    MappingIndex,
    cross_validate,
    document,
    evaluate,
    expand_acronyms,
    folds,
    tokens,
)

ITEMS = [
    Item("4.B", "Conduct program management reviews with partner nations.", "Sales and Transfers"),
    Item(
        "4.C",
        "Generate estimates for Price and Availability and Letters of Offer and Acceptance Data.",
        "Sales and Transfers",
    ),
    Item("9.C", "Support development of a Delegation of Disclosure Authority Letter.", "Security"),
]


def letter_embedding(texts):
    """Unit vectors of letter counts: a stand-in with meaning enough for ordering tests."""
    vectors = np.zeros((len(texts), 26))
    for row, text in enumerate(texts):
        for char in text.lower():
            if "a" <= char <= "z":
                vectors[row, ord(char) - 97] += 1
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1)


def test_acronyms_are_followed_by_their_spelled_out_form():
    assert expand_acronyms("Drafted the LOA for Poland") == (
        "Drafted the LOA (letter of offer and acceptance) for Poland"
    )


def test_words_are_stemmed_so_tenses_and_plurals_meet():
    assert set(tokens("negotiate negotiated negotiations")) == {"negotiat"}


def test_a_statement_names_its_parent_competency_first():
    assert document(ITEMS[0]) == (
        "Sales and Transfers. Conduct program management reviews with partner nations."
    )


def test_bm25_finds_the_statement_an_acronym_stands_for():
    bm25 = Bm25([document(item) for item in ITEMS])
    assert int(np.argmax(bm25.scores("Ran the quarterly PMR with the Saudi customer"))) == 0
    assert int(np.argmax(bm25.scores("Drafted the DDL"))) == 2


def test_bm25_scores_zero_for_a_text_sharing_no_word():
    assert Bm25([document(item) for item in ITEMS]).scores("zebra").tolist() == [0, 0, 0]


def test_with_all_weight_on_words_the_ranking_follows_bm25():
    index = MappingIndex.build(ITEMS, letter_embedding)
    ranked = index.rank("Drafted the LOA pricing", letter_embedding, meaning_weight=0.0)
    assert ranked[0].code == "4.C"
    assert ranked[0].words == 1.0


def test_with_all_weight_on_meaning_the_score_is_the_cosine():
    index = MappingIndex.build(ITEMS, letter_embedding)
    ranked = index.rank("reviews", letter_embedding, meaning_weight=1.0, top=3)
    assert [s.score for s in ranked] == pytest.approx([s.meaning for s in ranked])
    assert [s.score for s in ranked] == sorted((s.score for s in ranked), reverse=True)


def test_items_and_vectors_of_different_lengths_are_refused():
    with pytest.raises(ValueError, match="3 items but 2 vectors"):
        MappingIndex(ITEMS, np.zeros((2, 26)))


def test_evaluation_counts_hits_at_one_and_three_recall_and_precision():
    examples = [
        Example("a", frozenset({"4.C"})),
        Example("b", frozenset({"4.B", "9.C"})),
        Example("c", frozenset({"9.C"})),
    ]
    rankings = [["4.C", "4.B", "9.C"], ["4.C", "4.B", "1.A"], ["1.A", "4.B", "4.C", "9.C"]]
    result = evaluate(examples, rankings)
    assert result.hit_at_1 == pytest.approx(1 / 3)
    assert result.hit_at_3 == pytest.approx(2 / 3)
    # 1 + 1/2 + 0 over three texts.
    assert result.recall_at_3 == pytest.approx(0.5)
    # Of the first three: 1/3, 1/3 and 0 are the text's own codes.
    assert result.precision_at_3 == pytest.approx(2 / 9)


# --- the fitted re-ranker and cross-validation ---------------------------------------

# Made-up texts whose letters set them apart, two for each code: what the letter
# embedding finds alike, a fitted method should learn to rank together.
TRAINING = [
    Example("xxxx yyyy xyxy", frozenset({"4.B"})),
    Example("xyxy yyxx xxxy", frozenset({"4.B"})),
    Example("kkkk jjjj kjkj", frozenset({"4.C"})),
    Example("kjjk jkjk kkkj", frozenset({"4.C"})),
    Example("zzzz wwww zwzw", frozenset({"9.C"})),
    Example("zwwz wzwz zzzw", frozenset({"9.C"})),
]


def test_a_fitted_mapping_ranks_a_text_with_the_labelled_texts_it_resembles():
    fitted = FittedMapping(ITEMS, letter_embedding, examples=TRAINING)
    ranked = fitted.rank_many(["wzzw zwzz wwzz", "yxxy xyyx"], letter_embedding, top=1)
    assert ranked == [["9.C"], ["4.B"]]


def test_an_accepted_suggestion_is_learned_like_a_labelled_text():
    # Without the decision, 4.C comes first for this text.
    accepted = [Judgement("qqqq vvvv qvqv", "4.B", accepted=True)]
    fitted = FittedMapping(ITEMS, letter_embedding, examples=TRAINING, judgements=accepted)
    assert fitted.rank_many(["vqvq qqvv"], letter_embedding, top=1) == [["4.B"]]


def test_without_training_texts_the_fitted_mapping_ranks_as_the_hand_set_blend():
    texts = ["Drafted the LOA pricing", "Ran the PMR", "reviews"]
    fitted = FittedMapping(ITEMS, letter_embedding)
    blend = MappingIndex.build(ITEMS, letter_embedding)
    assert fitted.rank_many(texts, letter_embedding, top=3) == blend.rank_many(
        texts, letter_embedding, top=3, meaning_weight=MEANING_WEIGHT
    )


def test_an_unknown_feature_is_refused_by_name():
    with pytest.raises(ValueError, match="Unknown features: colour"):
        FittedMapping(ITEMS, letter_embedding, features=["words", "colour"])


def test_folds_hold_every_text_once_and_are_the_same_each_time():
    first = folds(23, 5)
    assert sorted(i for fold in first for i in fold) == list(range(23))
    assert [len(fold) for fold in first] == [5, 5, 5, 4, 4]
    assert folds(23, 5) == first


def test_each_fold_is_ranked_by_a_method_that_never_saw_it():
    seen = []

    def rank(training, held_out):
        seen.append(({e.text for e in training}, {e.text for e in held_out}))
        return [["4.B"] for _ in held_out]

    examples = [Example(f"text {i}", frozenset({"4.B"})) for i in range(10)]
    result = cross_validate(examples, 3, rank)
    assert len(result.folds) == 3
    assert all(not training & held for training, held in seen)
    assert set().union(*(held for _, held in seen)) == {e.text for e in examples}
    assert result.mean("hit_at_1") == 1.0 and result.spread("hit_at_1") == 0.0


def test_a_code_labelled_only_in_the_held_out_fold_is_learned_from_no_other_fold():
    # 4.C is labelled on one text only: the method fitted for the fold that holds it has
    # no example of 4.C to take a neighbour or a vote from; every other fold's has.
    only = Example("kkkk jjjj kjkj", frozenset({"4.C"}))
    examples = [e for e in TRAINING if "4.C" not in e.codes] + [only]
    learned = []

    def rank(training, held_out):
        fitted = FittedMapping(ITEMS, letter_embedding, examples=training)
        owners = {fitted.codes[i] for i in fitted.training_owner.tolist()}
        learned.append((only in held_out, owners))
        return fitted.rank_many([e.text for e in held_out], letter_embedding, top=3)

    cross_validate(examples, 3, rank)
    assert [("4.C" in owners) for holds_it, owners in learned if holds_it] == [False]
    assert all("4.C" in owners for holds_it, owners in learned if not holds_it)


def test_a_cached_embedding_encodes_each_text_once():
    calls = []

    def counting(texts):
        calls.append(list(texts))
        return letter_embedding(texts)

    embed = CachedEmbed(counting)
    embed(["a", "b", "a"])
    embed(["b", "c"])
    assert calls == [["a", "b"], ["c"]]


def test_a_code_whose_only_training_text_is_left_out_has_no_neighbour_rather_than_a_bad_one():
    # While fitting, a text never meets itself. Its code, if it has no other training
    # text, must look like a code nobody labelled (0), not like a far neighbour (-1):
    # otherwise the fit learns that a near neighbour counts against a code.
    alone = Example("zzzz wwww zwzw", frozenset({"9.C"}))
    fitted = FittedMapping(
        ITEMS, letter_embedding, examples=[*TRAINING[:4], alone], features=["nearest"]
    )
    [row] = fitted._features([alone.text], letter_embedding([alone.text]), leave_out=True)
    assert row[fitted.position["9.C"], 0] == 0.0
