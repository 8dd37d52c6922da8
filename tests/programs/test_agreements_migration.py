"""The migration that makes authorities data and retires the "amended" state carries
existing agreements over."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("programs", "0005_cases_move_to_the_samm_states")]
AFTER = [("programs", "0006_agreements_authorities_coordination_instruments")]
AMENDED_AT = timezone.make_aware(datetime.datetime(2025, 6, 3, 10, 0))


@pytest.fixture
def migrated(db):
    """Agreements written before the change, then migrated."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    # The log and the content types the data step reads, at their latest (none unapplied).
    leaves = [
        node for node in executor.loader.graph.leaf_nodes() if node[0] in ("core", "contenttypes")
    ]
    old = executor.loader.project_state(BEFORE + leaves).apps
    Agreement = old.get_model("programs", "Agreement")
    Agreement.objects.create(
        title="Test facilities MOU", legal_authority="10 U.S.C. 2350(l)", state="in-force"
    )
    Agreement.objects.create(
        title="Prototype OT", legal_authority="10 U.S.C. 4022", state="negotiation"
    )
    amended = Agreement.objects.create(
        title="Research MOU",
        legal_authority="AECA section 27",
        state="amended",
        signed_on=datetime.date(2020, 1, 1),
    )
    content_type, _ = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="programs", model="agreement"
    )
    old.get_model("core", "StateChange").objects.create(
        content_type=content_type,
        object_id=amended.pk,
        transition="amend",
        source="in-force",
        target="amended",
        at=AMENDED_AT,
        note="Extended five years.",
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    yield executor.loader.project_state(AFTER).apps.get_model("programs", "Agreement")
    # Going back unapplied the migrations of other apps that depend on this one;
    # every later test expects the whole schema.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_free_text_authority_becomes_the_authority_it_cites(migrated):
    assert migrated.objects.get(title="Test facilities MOU").authority.slug == "usc10-2350l"


def test_an_authority_matching_none_is_kept_as_a_note(migrated):
    agreement = migrated.objects.get(title="Prototype OT")
    assert (agreement.authority_id, agreement.authority_note) == (None, "10 U.S.C. 4022")


def test_an_amended_agreement_is_in_force_with_its_amendment_under_it(migrated):
    parent = migrated.objects.get(title="Research MOU")
    amendment = migrated.objects.get(parent=parent)
    assert (parent.state, parent.authority.slug) == ("in-force", "aeca-27")
    assert (amendment.instrument, amendment.state, amendment.signed_on) == (
        "amendment",
        "in-force",
        AMENDED_AT.date(),
    )
    assert amendment.statement_of_intent == "Extended five years."
