"""Smart card sign-in through the reverse proxy: off by default, trusted only from the proxy."""

import pytest
from django.test import Client
from django.urls import reverse

from seccoop.core.models import AuditAction, AuditEntry, ClientCertificate

HEADER = "X-SSL-Client-S-DN"
META = "HTTP_X_SSL_CLIENT_S_DN"
PROXY = "10.0.0.5"
TINA_DN = "CN=TEAMMATE.TINA.1234567890,OU=USA,OU=PKI,OU=DoD,O=U.S. Government,C=US"
STRANGER_DN = "CN=STRANGER.SAM.9999999999,OU=USA,OU=PKI,OU=DoD,O=U.S. Government,C=US"
CONSENT = {"consent": "on"}


@pytest.fixture
def smart_cards(settings, directorate):
    settings.SECCOOP_CLIENT_CERT_HEADER = HEADER
    settings.SECCOOP_CLIENT_CERT_PROXIES = [PROXY, "192.0.2.0/24"]
    ClientCertificate.objects.create(user=directorate.teammate.user, subject=TINA_DN)
    return directorate


def _from_proxy(subject, address=PROXY):
    return Client(REMOTE_ADDR=address, **{META: subject})


def _signed_in_user(client):
    return client.session.get("_auth_user_id")


def test_smart_card_sign_in_is_off_by_default(client, directorate, settings):
    assert settings.SECCOOP_CLIENT_CERT_HEADER == ""
    ClientCertificate.objects.create(user=directorate.teammate.user, subject=TINA_DN)
    assert client.get(reverse("certificate-sign-in")).status_code == 404


def test_the_header_is_ignored_when_smart_card_sign_in_is_off(directorate, settings):
    ClientCertificate.objects.create(user=directorate.teammate.user, subject=TINA_DN)
    settings.SECCOOP_CLIENT_CERT_PROXIES = [PROXY]
    client = _from_proxy(TINA_DN)
    client.post(reverse("certificate-sign-in"), CONSENT)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_header_is_ignored_from_an_address_that_is_not_the_proxy(smart_cards):
    client = _from_proxy(TINA_DN, address="203.0.113.9")
    response = client.post(reverse("certificate-sign-in"), CONSENT)
    assert response.status_code == 200
    assert b"No smart card certificate reached seccoop" in response.content
    assert _signed_in_user(client) is None


def test_an_unknown_certificate_is_refused_and_the_refusal_audited(smart_cards):
    client = _from_proxy(STRANGER_DN)
    response = client.post(reverse("certificate-sign-in"), CONSENT)
    assert response.status_code == 403
    assert b"not linked to an account" in response.content
    assert _signed_in_user(client) is None
    entry = AuditEntry.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert STRANGER_DN in entry.detail
    assert entry.ip_address == PROXY


def test_a_known_certificate_signs_its_holder_in_after_consent_and_is_audited(smart_cards):
    client = _from_proxy(TINA_DN)
    page = client.get(reverse("certificate-sign-in"))
    assert b"Notice and consent" in page.content
    assert TINA_DN.encode() in page.content
    response = client.post(reverse("certificate-sign-in"), CONSENT)
    assert response.status_code == 302
    assert _signed_in_user(client) == str(smart_cards.teammate.user.pk)
    assert client.get(reverse("dashboard")).status_code == 200
    entry = AuditEntry.objects.get(action=AuditAction.SIGN_IN)
    assert entry.actor == smart_cards.teammate.user


def test_a_known_certificate_signs_no_one_in_without_consent(smart_cards):
    client = _from_proxy(TINA_DN)
    response = client.post(reverse("certificate-sign-in"), {})
    assert response.status_code == 200
    assert b"You must accept the notice and consent banner" in response.content
    assert _signed_in_user(client) is None


def test_a_certificate_marked_inactive_signs_no_one_in(smart_cards):
    ClientCertificate.objects.filter(subject=TINA_DN).update(active=False)
    client = _from_proxy(TINA_DN)
    assert client.post(reverse("certificate-sign-in"), CONSENT).status_code == 403
    assert _signed_in_user(client) is None


def test_a_proxy_network_is_trusted_as_a_whole(smart_cards):
    client = _from_proxy(TINA_DN, address="192.0.2.77")
    assert client.post(reverse("certificate-sign-in"), CONSENT).status_code == 302


def test_removing_the_card_ends_the_session(smart_cards):
    client = _from_proxy(TINA_DN)
    client.post(reverse("certificate-sign-in"), CONSENT)
    del client.defaults[META]
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_password_session_is_not_ended_by_a_missing_card(smart_cards):
    client = Client(REMOTE_ADDR=PROXY)
    client.force_login(smart_cards.teammate.user)
    assert client.get(reverse("dashboard")).status_code == 200


def test_the_next_page_is_followed_only_on_this_site(smart_cards):
    client = _from_proxy(TINA_DN)
    response = client.post(
        reverse("certificate-sign-in"), {**CONSENT, "next": "https://evil.example/steal"}
    )
    assert response["Location"] == reverse("dashboard")
