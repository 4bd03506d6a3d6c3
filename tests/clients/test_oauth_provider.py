"""The OAuth 2.0 / OpenID Connect provider (docs/design/oauth-provider.md) driven by a real
third-party client library: Python's authlib (OAuth2Session for the client's side, its JOSE
code for the id_token), with `requests` playing the member's browser.

Run by scripts/test after Playwright, against the running release build: BASE_URL is the
site (http on loopback, hence AUTHLIB_INSECURE_TRANSPORT). Every test makes its own apps
(unique names and redirect URIs), so the tests are independent of each other and of the
order they run in. Redirect URIs point at a port nothing listens on (127.0.0.1:9): the
final redirect is never followed, its Location is read instead.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import warnings
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"

import pytest  # noqa: E402
import requests  # noqa: E402
from authlib.common.security import generate_token  # noqa: E402
from authlib.integrations.requests_client import OAuth2Session, OAuthError  # noqa: E402
from authlib.oauth2.rfc7636 import create_s256_code_challenge  # noqa: E402
from authlib.oidc.core import CodeIDToken  # noqa: E402
from authlib.oidc.discovery import OpenIDProviderMetadata  # noqa: E402
from joserfc import jwt as joserfc_jwt  # noqa: E402
from joserfc.jwk import KeySet  # noqa: E402
from requests.adapters import HTTPAdapter  # noqa: E402
from urllib3.util.retry import Retry  # noqa: E402

# authlib.jose warns on import that joserfc replaces it (in authlib 2); it is still the JOSE
# API most relying parties call, so the id_token is checked with both.
with warnings.catch_warnings(record=True):
    from authlib.jose import JsonWebKey  # noqa: E402
    from authlib.jose import jwt as authlib_jwt  # noqa: E402

BASE = os.environ.get("BASE_URL", "http://127.0.0.1:3100").rstrip("/")
ORIGIN = {"Origin": BASE}
PASSWORD = "minihompy-demo-1"
TIMEOUT = 20

# The paths of the design note (the discovery test checks the document names the same).
AUTHORIZE = BASE + "/oauth/authorize"
DECISION = BASE + "/oauth/authorize/decision"
TOKEN = BASE + "/oauth/token"
USERINFO = BASE + "/oauth/userinfo"
REVOKE = BASE + "/oauth/revoke"
INTROSPECT = BASE + "/oauth/introspect"
JWKS = BASE + "/oauth/jwks"
ERROR_PAGE = BASE + "/oauth/error"
SCOPE = "openid profile email phone"

# Items -> the userinfo claims that carry them.
CLAIMS = {"name": "name", "email": "email", "gender": "gender", "birthdate": "birthdate", "phone": "phone_number"}
# ... and the fields of the original's POST /api/user.
CYWORLD_FIELDS = {"name": "name", "email": "email", "gender": "gender", "birthdate": "birthday", "phone": "phoneNumber"}


class RateLimitRetry(Retry):
    """Waits out a 429: its Retry-After, or 20 s when it has none."""

    def get_retry_after(self, response):
        seconds = super().get_retry_after(response)
        return seconds if seconds is not None else 20.0


# The provider limits client calls (token, revocation, introspection together) to 60 a
# minute per address, authorize to 120: the whole file stays well under that, but
# Playwright ran just before from the same address. A 429 is retried once the fixed window
# has passed (the limiter answers before the request does anything, so a retry is safe).
RETRY = RateLimitRetry(
    total=4,
    connect=0,
    read=0,
    redirect=0,
    status=4,
    status_forcelist=(429,),
    allowed_methods=None,
    respect_retry_after_header=True,
    raise_on_status=False,
)


def harden(session: requests.Session) -> requests.Session:
    session.trust_env = False  # loopback: never through a proxy from the environment
    session.mount("http://", HTTPAdapter(max_retries=RETRY))
    return session


# A client's back end: no cookies, no Origin (what the token, userinfo, revocation and
# introspection endpoints and the original's /api/token and /api/user are called with).
HTTP = harden(requests.Session())


def absolute(location: str) -> str:
    return urljoin(BASE + "/", location)


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query, keep_blank_values=True).items()}


def unique(word: str) -> str:
    return f"{word}-{secrets.token_hex(4)}"


def jwt_payload_unverified(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# ------------------------------------------------------------------ members (browsers)


@dataclass
class Member:
    email: str
    browser: requests.Session  # carries the site's session cookies
    access_token: str  # the site's own access token (HS256 JWT)
    id: str  # the member id, from that token's `sub`

    def get(self, url: str, **kw) -> requests.Response:
        return self.browser.get(absolute(url), allow_redirects=False, timeout=TIMEOUT, **kw)

    def post(self, url: str, *, origin: bool = True, **kw) -> requests.Response:
        # A cookie-carrying POST from one of our pages carries our Origin, as a browser's does.
        headers = {**(ORIGIN if origin else {}), **kw.pop("headers", {})}
        return self.browser.post(absolute(url), headers=headers, allow_redirects=False, timeout=TIMEOUT, **kw)

    def delete(self, url: str) -> requests.Response:
        return self.browser.delete(absolute(url), headers=ORIGIN, allow_redirects=False, timeout=TIMEOUT)

    def account(self) -> dict:
        r = HTTP.get(f"{BASE}/api/accounts/{self.id}", headers=bearer(self.access_token), timeout=TIMEOUT)
        assert r.status_code == 200, r.text
        return r.json()


def log_in(email: str) -> Member:
    browser = harden(requests.Session())
    r = browser.post(
        BASE + "/api/users/login", json={"email": email, "password": PASSWORD}, headers=ORIGIN, timeout=TIMEOUT
    )
    assert r.status_code == 200, f"login of {email}: {r.status_code} {r.text}"
    token = r.json()["accessToken"]
    assert browser.cookies.get("accessToken"), "the login set no session cookie"
    return Member(email, browser, token, str(jwt_payload_unverified(token)["sub"]))


@pytest.fixture(scope="session")
def user1() -> Member:
    return log_in("user1@minihompy.test")


@pytest.fixture(scope="session")
def user2() -> Member:
    return log_in("user2@minihompy.test")


@pytest.fixture(scope="session")
def meta() -> dict:
    r = HTTP.get(BASE + "/.well-known/openid-configuration", timeout=TIMEOUT)
    assert r.status_code == 200, r.text
    return r.json()


# ------------------------------------------------------------------ apps and clients

ITEMS = {"name": "REQUIRED", "email": "REQUIRED", "gender": "OPTIONAL", "birthdate": "NONE", "phone": "OPTIONAL"}


@dataclass
class App:
    client_id: str
    client_secret: str | None
    redirect_uri: str  # the first registered one
    owner: Member


def fresh_redirect_uri() -> str:
    return f"http://127.0.0.1:9/cb-{secrets.token_hex(6)}"


def create_app(owner: Member, purpose: str, *, client_type="CONFIDENTIAL", items=None, redirect_uris=None) -> App:
    """Registers an app through the developer console's REST API (the owner's cookies)."""
    name = unique(f"pytest {purpose}")[:60]
    body = {
        "name": name,
        "homepage": "https://example.com/" + name.replace(" ", "-"),
        "redirectUris": redirect_uris or [fresh_redirect_uri()],
        "clientType": client_type,
        "items": {**ITEMS, **(items or {})},
    }
    r = owner.post("/api/oauth/apps", json=body)
    assert r.status_code == 201, f"creating {name}: {r.status_code} {r.text}"
    created = r.json()
    client_id = created["app"]["clientId"]
    assert client_id
    if client_type == "CONFIDENTIAL":
        assert created["clientSecret"], created
    else:
        assert created["clientSecret"] is None, created
    return App(client_id, created["clientSecret"], body["redirectUris"][0], owner)


@pytest.fixture
def apps(user2):
    """Makes apps (owned by user2 unless told otherwise) and deletes them after the test:
    a member may own only 20 apps, and the file makes more than that in all."""
    made: list[App] = []

    def make(purpose: str, owner: Member | None = None, **kw) -> App:
        app = create_app(owner or user2, purpose, **kw)
        made.append(app)
        return app

    yield make
    for app in made:  # 404 for an app the test deleted itself
        assert app.owner.delete(f"/api/oauth/apps/{app.client_id}").status_code in (204, 404)


_APP_SECRET = object()


def oauth_client(app: App, *, secret=_APP_SECRET, auth_method=None, scope=SCOPE, redirect_uri=None) -> OAuth2Session:
    """The app's side, as authlib's requests integration does it."""
    secret = app.client_secret if secret is _APP_SECRET else secret
    client = OAuth2Session(
        client_id=app.client_id,
        client_secret=secret,
        token_endpoint_auth_method=auth_method or ("client_secret_basic" if secret else "none"),
        scope=scope,
        redirect_uri=redirect_uri or app.redirect_uri,
        code_challenge_method="S256",
    )
    return harden(client)


def token_responses(client: OAuth2Session) -> list[requests.Response]:
    """Collects the raw answers of the token endpoint (authlib only returns the JSON)."""
    seen: list[requests.Response] = []

    def keep(resp):
        seen.append(resp)
        return resp

    client.register_compliance_hook("access_token_response", keep)
    client.register_compliance_hook("refresh_token_response", keep)
    return seen


# ------------------------------------------------------------------ authorize and consent


@dataclass
class Authorization:
    location: str  # where the member's browser was sent in the end (absolute)
    state: str
    code_verifier: str | None
    nonce: str
    consent_shown: bool

    @property
    def params(self) -> dict[str, str]:
        return query(self.location)


def start(browser: requests.Session, client: OAuth2Session, *, pkce=True, **params):
    """GET the authorization URL authlib builds (S256 challenge, nonce) in a browser.
    Returns (response, state, code_verifier, nonce)."""
    verifier = generate_token(48) if pkce else None
    nonce = generate_token(20)
    url, state = client.create_authorization_url(AUTHORIZE, code_verifier=verifier, nonce=nonce, **params)
    return browser.get(url, allow_redirects=False, timeout=TIMEOUT), state, verifier, nonce


def consent_request(location: str) -> str:
    location = absolute(location)
    assert location.startswith(BASE + "/oauth/consent?"), f"expected the consent screen, went to {location}"
    return query(location)["request"]


def decide(member: Member, request_id: str, items, decision="allow") -> str:
    """Submits the consent form; returns the absolute Location it answers with."""
    data = [("request", request_id), ("decision", decision)] + [("item", i) for i in items]
    r = member.post(DECISION, data=data)
    assert r.status_code == 303, f"decision: {r.status_code} {r.text[:300]}"
    return absolute(r.headers["Location"])


def authorize(member: Member, client, items=("name", "email"), *, consent=True, decision="allow", pkce=True, **params):
    """The whole browser part: authorize, the consent screen when `consent` (None: either),
    the decision. Returns the Authorization with the final Location."""
    r, state, verifier, nonce = start(member.browser, client, pkce=pkce, **params)
    assert r.status_code == 303, f"authorize: {r.status_code} {r.text[:300]}"
    location = absolute(r.headers["Location"])
    shown = location.startswith(BASE + "/oauth/consent")
    if consent is not None:
        assert shown == consent, f"consent screen expected: {consent}; went to {location}"
    if shown:
        location = decide(member, consent_request(location), items, decision)
    return Authorization(location, state, verifier, nonce, shown)


def exchange(client: OAuth2Session, authz: Authorization, **kw):
    """authlib's token request for the code in the redirect (it checks `state` too)."""
    assert authz.location.startswith(client.redirect_uri + "?"), authz.location
    assert "code" in authz.params, authz.location
    if authz.code_verifier is not None:
        kw.setdefault("code_verifier", authz.code_verifier)
    return client.fetch_token(TOKEN, authorization_response=authz.location, state=authz.state, **kw)


# ------------------------------------------------------------------ assertions


def expect_oauth_error(expected, fn, *args, **kw) -> OAuthError:
    allowed = (expected,) if isinstance(expected, str) else tuple(expected)
    with pytest.raises(OAuthError) as caught:
        fn(*args, **kw)
    err = caught.value
    assert err.error in allowed, f"expected {allowed}, got {err.error!r}: {err.description}"
    return err


def assert_oauth_error_body(r: requests.Response, error: str, statuses=(400,)):
    """RFC 6749 §5.2: JSON `error`, and an `error_description` of printable ASCII only."""
    assert r.status_code in statuses, f"{r.status_code} {r.text}"
    body = r.json()
    assert body.get("error") == error, body
    description = body.get("error_description")
    if description is not None:
        bad = [c for c in description if not (0x20 <= ord(c) <= 0x7E) or c in '"\\']
        assert not bad, f"error_description must be %x20-21 / %x23-5B / %x5D-7E (RFC 6749 §5.2): {description!r}"


def assert_redirect_error(location: str, redirect_uri: str, error: str, state: str):
    """The error went back to the (verified) client, with its state and no code."""
    assert location.startswith(redirect_uri + "?"), location
    p = query(location)
    assert p.get("error") == error, location
    assert p.get("state") == state, location
    assert "code" not in p, location


def assert_error_page(r: requests.Response, what: str):
    """Not verified: shown on our own error page, never sent to the redirect URI."""
    if r.status_code in (302, 303):
        location = absolute(r.headers["Location"])
        assert location.startswith(ERROR_PAGE + "?"), f"{what}: redirected to {location}"
        assert query(location).get("error"), f"{what}: {location}"
    else:
        assert r.status_code == 400, f"{what}: {r.status_code} {r.headers.get('Location')}"


def assert_token_rejected(access_token: str):
    r = HTTP.get(USERINFO, headers=bearer(access_token), timeout=TIMEOUT)
    assert r.status_code == 401, f"userinfo answered {r.status_code}: {r.text}"
    challenge = r.headers.get("WWW-Authenticate", "")
    assert challenge.startswith("Bearer") and 'error="invalid_token"' in challenge, challenge


def assert_no_code(r: requests.Response):
    """A refused consent decision: whatever the answer, it carries no code."""
    location = r.headers.get("Location")
    if location:
        assert "code" not in query(absolute(location)), location


def check_released(info: dict, account: dict, granted, fields=CLAIMS):
    """Consented items carry the member's values; the others are null."""
    expected = {
        "name": account["name"],
        "email": account["email"],
        "gender": account["gender"].lower() if account.get("gender") else None,
        "birthdate": account.get("birthDate"),
    }
    for item, field in fields.items():
        if item in granted:
            assert field in info, f"{field} missing for the consented item {item}: {info}"
            if item in expected:
                assert info[field] == expected[item], f"{field}: {info[field]!r} != {expected[item]!r}"
        else:
            assert info.get(field) is None, f"{field} released without consent: {info}"


# ================================================================== discovery


def test_discovery_document_and_signing_keys():
    r = HTTP.get(BASE + "/.well-known/openid-configuration", timeout=TIMEOUT)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/json")
    doc = OpenIDProviderMetadata(r.json())
    doc.validate()  # authlib's checks of OpenID Connect Discovery 1.0 and RFC 8414

    assert doc["issuer"] == BASE
    assert doc["authorization_endpoint"] == AUTHORIZE
    assert doc["token_endpoint"] == TOKEN
    assert doc["userinfo_endpoint"] == USERINFO
    assert doc["jwks_uri"] == JWKS
    assert doc["revocation_endpoint"] == REVOKE
    assert doc["introspection_endpoint"] == INTROSPECT
    assert doc["code_challenge_methods_supported"] == ["S256"]
    assert "RS256" in doc["id_token_signing_alg_values_supported"]
    assert doc["response_types_supported"] == ["code"]
    assert "public" in doc["subject_types_supported"]
    if "grant_types_supported" in doc:
        assert {"authorization_code", "refresh_token"} <= set(doc["grant_types_supported"])
        assert not {"implicit", "password"} & set(doc["grant_types_supported"])
    if "scopes_supported" in doc:
        assert {"openid", "profile", "email", "phone"} <= set(doc["scopes_supported"])
    if "token_endpoint_auth_methods_supported" in doc:
        assert {"client_secret_basic", "client_secret_post", "none"} <= set(doc["token_endpoint_auth_methods_supported"])

    jwks = HTTP.get(doc["jwks_uri"], timeout=TIMEOUT).json()
    assert jwks["keys"], jwks
    for key in jwks["keys"]:
        assert key["kty"] == "RSA" and key.get("kid"), key
        assert key.get("alg", "RS256") == "RS256" and key.get("use", "sig") == "sig", key
        assert not {"d", "p", "q", "dp", "dq", "qi"} & set(key), "a private part of a signing key is published"
        n = base64.urlsafe_b64decode(key["n"] + "=" * (-len(key["n"]) % 4))
        assert len(n) * 8 >= 2048, f"RSA key of {len(n) * 8} bits"
    assert len(JsonWebKey.import_key_set(jwks).keys) == len(jwks["keys"])


# ================================================================== the code flow


def test_full_flow_confidential_client_names_the_consenting_member(user1, user2, apps, meta):
    # user2 owns the app; user1 signs in with it: everything must name user1.
    app = apps(
        "full flow",
        items={"name": "REQUIRED", "email": "OPTIONAL", "gender": "OPTIONAL", "birthdate": "NONE", "phone": "OPTIONAL"},
    )
    client = oauth_client(app)
    raw = token_responses(client)

    # The browser part, with the endpoints from discovery as a relying party would use them.
    verifier, nonce = generate_token(48), generate_token(20)
    url, state = client.create_authorization_url(meta["authorization_endpoint"], code_verifier=verifier, nonce=nonce)
    assert query(url)["code_challenge"] == create_s256_code_challenge(verifier)
    r = user1.get(url)
    assert r.status_code == 303, r.text[:300]
    consent_page = absolute(r.headers["Location"])
    request_id = consent_request(consent_page)
    assert user1.get(consent_page).status_code == 200  # the consent screen itself renders
    granted = {"name", "email", "phone"}  # gender (optional) declined; birthdate not asked
    location = decide(user1, request_id, sorted(granted))
    assert location.startswith(app.redirect_uri + "?"), location
    assert query(location)["state"] == state

    token = client.fetch_token(
        meta["token_endpoint"], authorization_response=location, state=state, code_verifier=verifier
    )
    assert token["token_type"].lower() == "bearer"
    assert 0 < int(token["expires_in"]) <= 3600
    assert token["access_token"] and token["refresh_token"] and token["id_token"]
    assert "no-store" in raw[-1].headers.get("Cache-Control", ""), "token answers must not be cached (RFC 6749 §5.1)"

    # The id_token, verified with authlib.jose against the published keys.
    jwks = HTTP.get(meta["jwks_uri"], timeout=TIMEOUT).json()
    claims = authlib_jwt.decode(
        token["id_token"],
        JsonWebKey.import_key_set(jwks),
        claims_options={
            "iss": {"essential": True, "value": BASE},
            "aud": {"essential": True, "value": app.client_id},
            "sub": {"essential": True, "value": user1.id},
            "nonce": {"essential": True, "value": nonce},
            "exp": {"essential": True},
            "iat": {"essential": True},
        },
    )
    claims.validate(leeway=60)
    assert claims.header["alg"] == "RS256"
    assert claims.header.get("kid") in {k["kid"] for k in jwks["keys"]}
    assert claims["sub"] == user1.id != user2.id
    assert 0 < claims["exp"] - claims["iat"] <= 3600
    assert "at_hash" in claims

    # ... and as authlib's OpenID clients check it (joserfc + CodeIDToken: nonce, azp, at_hash).
    decoded = joserfc_jwt.decode(token["id_token"], KeySet.import_key_set(jwks), algorithms=["RS256"])
    CodeIDToken(
        decoded.claims,
        decoded.header,
        {"iss": {"essential": True, "values": [BASE]}, "aud": {"essential": True, "values": [app.client_id]}},
        {"nonce": nonce, "client_id": app.client_id, "access_token": token["access_token"]},
    ).validate(leeway=60)

    # userinfo through authlib's session (Bearer header).
    r = client.get(meta["userinfo_endpoint"])
    assert r.status_code == 200, r.text
    info = r.json()
    assert isinstance(info["sub"], str)
    assert info["sub"] == user1.id, "userinfo must name the member who consented, not the app's owner"
    account = user1.account()
    check_released(info, account, granted)
    assert info["name"] and info["email"] == "user1@minihompy.test"
    assert info["email_verified"] is account["emailVerified"]
    assert info["gender"] is None  # declined
    # POST works too (OpenID Connect Core §5.3.1).
    r = client.post(meta["userinfo_endpoint"])
    assert r.status_code == 200 and r.json()["sub"] == user1.id


def test_declined_optional_item_is_withheld_and_consent_is_remembered(user1, apps):
    app = apps("remembered", items={"name": "REQUIRED", "email": "OPTIONAL", "gender": "NONE", "phone": "NONE"})
    client = oauth_client(app, scope="openid profile email")
    account = user1.account()

    first = authorize(user1, client, items=["name"], consent=True)  # email (optional) declined
    client.fetch_token(TOKEN, authorization_response=first.location, state=first.state, code_verifier=first.code_verifier)
    info = client.get(USERINFO).json()
    assert info["sub"] == user1.id
    check_released(info, account, {"name"})
    assert account["email"] and info.get("email") is None and info.get("email_verified") is None

    # Same app, same items: every item was shown before and no required one declined,
    # so the code comes at once.
    second = authorize(user1, client, consent=False)
    assert second.params["state"] == second.state
    exchange(client, second)
    info = client.get(USERINFO).json()
    assert info["sub"] == user1.id
    assert info.get("email") is None


def test_refresh_tokens_rotate_and_a_spent_one_revokes_the_family(user1, apps):
    app = apps("rotation")
    client = oauth_client(app)
    first = exchange(client, authorize(user1, client))

    second = client.refresh_token(TOKEN, refresh_token=first["refresh_token"])
    assert second["refresh_token"] and second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    r = client.get(USERINFO)  # with the new access token
    assert r.status_code == 200 and r.json()["sub"] == user1.id

    # The old refresh token again: refused, and the whole family goes with it.
    expect_oauth_error("invalid_grant", client.refresh_token, TOKEN, refresh_token=first["refresh_token"])
    expect_oauth_error("invalid_grant", client.refresh_token, TOKEN, refresh_token=second["refresh_token"])
    assert_token_rejected(second["access_token"])


def test_revoking_an_access_token_and_introspection(user1, apps):
    app = apps("revoke access")
    other = apps("introspect other")
    client = oauth_client(app)
    token = exchange(client, authorize(user1, client))
    access = token["access_token"]

    r = client.introspect_token(INTROSPECT, token=access, token_type_hint="access_token")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["active"] is True, body
    if "client_id" in body:
        assert body["client_id"] == app.client_id
    if "sub" in body:
        assert body["sub"] == user1.id
    # Another client learns nothing about it (RFC 7662 §4).
    r = oauth_client(other).introspect_token(INTROSPECT, token=access, token_type_hint="access_token")
    assert r.status_code == 200 and r.json()["active"] is False, r.text

    r = client.revoke_token(REVOKE, token=access, token_type_hint="access_token")
    assert r.status_code == 200, r.text
    assert client.get(USERINFO).status_code == 401
    assert_token_rejected(access)
    r = client.introspect_token(INTROSPECT, token=access, token_type_hint="access_token")
    assert r.status_code == 200 and r.json()["active"] is False, r.text

    # An access token revokes only itself: the refresh token still works.
    fresh = client.refresh_token(TOKEN, refresh_token=token["refresh_token"])
    assert client.get(USERINFO).status_code == 200, fresh
    # Unknown tokens are answered 200 too (RFC 7009 §2.2).
    assert client.revoke_token(REVOKE, token=generate_token(43)).status_code == 200


def test_revoking_a_refresh_token_revokes_its_grant(user1, apps):
    app = apps("revoke refresh")
    client = oauth_client(app)
    token = exchange(client, authorize(user1, client))

    r = client.introspect_token(INTROSPECT, token=token["refresh_token"], token_type_hint="refresh_token")
    assert r.status_code == 200 and r.json()["active"] is True, r.text
    r = client.revoke_token(REVOKE, token=token["refresh_token"], token_type_hint="refresh_token")
    assert r.status_code == 200, r.text

    expect_oauth_error("invalid_grant", client.refresh_token, TOKEN, refresh_token=token["refresh_token"])
    assert_token_rejected(token["access_token"])
    r = client.introspect_token(INTROSPECT, token=token["access_token"], token_type_hint="access_token")
    assert r.status_code == 200 and r.json()["active"] is False, r.text


def test_public_client_must_use_pkce(user1, apps):
    app = apps("public", client_type="PUBLIC")
    client = oauth_client(app)  # token_endpoint_auth_method "none": only client_id is sent
    assert client.token_endpoint_auth_method == "none"

    # No code_challenge: refused, and (client and URI being good) told at the redirect URI.
    r, state, _, _ = start(user1.browser, client, pkce=False)
    assert r.status_code == 303, r.text[:300]
    assert_redirect_error(absolute(r.headers["Location"]), app.redirect_uri, "invalid_request", state)
    # `plain` is not offered either.
    verifier = generate_token(48)
    r, state, _, _ = start(user1.browser, client, pkce=False, code_challenge=verifier, code_challenge_method="plain")
    assert r.status_code == 303, r.text[:300]
    assert_redirect_error(absolute(r.headers["Location"]), app.redirect_uri, "invalid_request", state)

    # With S256 it works, and so does refreshing with the client id alone.
    raw = token_responses(client)
    token = exchange(client, authorize(user1, client))
    assert "no-store" in raw[-1].headers.get("Cache-Control", ""), "token answers must not be cached (RFC 6749 §5.1)"
    r = client.get(USERINFO)
    assert r.status_code == 200 and r.json()["sub"] == user1.id
    again = client.refresh_token(TOKEN, refresh_token=token["refresh_token"])
    assert again["refresh_token"] != token["refresh_token"]
    assert client.get(USERINFO).status_code == 200


def test_authorize_sends_a_signed_out_browser_to_the_login(apps):
    app = apps("signed out")
    browser = harden(requests.Session())
    r, _, _, _ = start(browser, oauth_client(app))
    assert r.status_code == 303, r.text[:300]
    location = absolute(r.headers["Location"])
    assert urlsplit(location).path == "/login", location
    back = absolute(query(location)["next"])
    assert back.startswith(AUTHORIZE + "?"), back
    assert query(back)["client_id"] == app.client_id


# ================================================================== refusals


def test_redirect_uri_must_match_byte_for_byte(user1, apps):
    tag = secrets.token_hex(6)
    loopback = f"http://127.0.0.1:9/cb-{tag}/done"
    named = f"https://client-{tag}.example/cb/done"
    app = apps("redirect match", redirect_uris=[loopback, named])
    client = oauth_client(app)

    near_misses = [
        loopback[: -len("/done")],  # a prefix
        loopback[:-1],  # a prefix inside the last segment
        loopback + "/extra",  # more path
        loopback + "/",  # a trailing slash
        loopback + "?x=1",  # an extra query
        loopback + "#frag",  # a fragment
        loopback.replace("/cb-", "/CB-"),  # path case
        loopback.replace("/done", "/%64one"),  # the same path percent-encoded
        loopback.replace("/done", "/./done"),  # the same path with a dot segment
        loopback.replace(":9/", ":10/"),  # another port
        loopback.replace("http://", "https://"),  # another scheme
        f"http://127.0.0.1:9@evil.example/cb-{tag}/done",  # userinfo trick: another host
        named.replace("https://client-", "https://CLIENT-"),  # host case
        named.replace(".example/", ".example.evil.test/"),  # a longer host
        named.replace("https://", "http://"),  # downgraded scheme
    ]
    for uri in near_misses:
        r, _, _, _ = start(user1.browser, client, redirect_uri=uri)
        assert_error_page(r, uri)

    # The registered ones, as registered, go on to the consent screen.
    for uri in (loopback, named):
        r, _, _, _ = start(user1.browser, client, redirect_uri=uri)
        assert r.status_code == 303, r.text[:300]
        consent_request(r.headers["Location"])


def test_unknown_or_missing_client_goes_to_the_error_page(user1, user2, apps):
    app = apps("unknown client")
    stranger = App(secrets.token_hex(16), None, app.redirect_uri, user2)
    r, _, _, _ = start(user1.browser, oauth_client(stranger))
    assert_error_page(r, "unknown client_id")

    params = {
        "response_type": "code",
        "redirect_uri": app.redirect_uri,
        "scope": "openid",
        "state": "s1",
        "code_challenge": create_s256_code_challenge(generate_token(48)),
        "code_challenge_method": "S256",
    }
    assert_error_page(user1.get(AUTHORIZE + "?" + urlencode(params)), "no client_id")


def test_unknown_scope_is_refused(user1, apps):
    app = apps("unknown scope")
    client = oauth_client(app)
    r, state, _, _ = start(user1.browser, client, scope="openid admin")
    assert r.status_code == 303, r.text[:300]
    assert_redirect_error(absolute(r.headers["Location"]), app.redirect_uri, "invalid_scope", state)


def test_code_verifier_missing_or_wrong(user1, apps):
    app = apps("verifier")
    client = oauth_client(app)

    first = authorize(user1, client)
    expect_oauth_error(  # a challenge was sent: the verifier is not optional
        "invalid_grant", client.fetch_token, TOKEN, authorization_response=first.location, state=first.state
    )
    second = authorize(user1, client, consent=False)
    expect_oauth_error(  # the verifier of another authorization
        "invalid_grant",
        client.fetch_token,
        TOKEN,
        authorization_response=second.location,
        state=second.state,
        code_verifier=first.code_verifier,
    )


def test_code_replay_is_refused_and_revokes_what_the_code_issued(user1, apps):
    app = apps("replay")
    client = oauth_client(app, auth_method="client_secret_post")  # credentials in the body
    authz = authorize(user1, client)
    first = exchange(client, authz)
    assert client.get(USERINFO).status_code == 200

    expect_oauth_error("invalid_grant", exchange, client, authz)
    assert_token_rejected(first["access_token"])
    expect_oauth_error("invalid_grant", client.refresh_token, TOKEN, refresh_token=first["refresh_token"])


def test_code_is_bound_to_its_client(user1, apps):
    owner = apps("code owner")
    thief = apps("code thief", redirect_uris=[owner.redirect_uri])  # same URI: only the client differs
    authz = authorize(user1, oauth_client(owner))
    expect_oauth_error("invalid_grant", exchange, oauth_client(thief), authz)


def test_wrong_client_secret_is_invalid_client(user1, apps):
    app = apps("wrong secret")
    client = oauth_client(app)
    authz = authorize(user1, client)
    form = {
        "grant_type": "authorization_code",
        "code": authz.params["code"],
        "redirect_uri": app.redirect_uri,
        "code_verifier": authz.code_verifier,
    }

    # HTTP Basic with a wrong secret: 401 with a Basic challenge (RFC 6749 §5.2).
    r = HTTP.post(TOKEN, data=form, auth=(app.client_id, "not-" + app.client_secret), timeout=TIMEOUT)
    assert_oauth_error_body(r, "invalid_client", statuses=(401,))
    assert r.headers.get("WWW-Authenticate", "").startswith("Basic"), r.headers
    # The same through authlib.
    liar = oauth_client(app, secret="not-" + app.client_secret)
    expect_oauth_error("invalid_client", exchange, liar, authz)
    # In the body.
    r = HTTP.post(
        TOKEN, data={**form, "client_id": app.client_id, "client_secret": "x" * 43}, timeout=TIMEOUT
    )
    assert_oauth_error_body(r, "invalid_client", statuses=(400, 401))
    # A confidential client that sends no secret at all, as if it were public.
    r = HTTP.post(TOKEN, data={**form, "client_id": app.client_id}, timeout=TIMEOUT)
    assert_oauth_error_body(r, "invalid_client", statuses=(400, 401))


def test_deny_and_missing_required_item_are_access_denied(user1, apps):
    app = apps("deny")
    client = oauth_client(app)

    denied = authorize(user1, client, items=[], decision="deny")
    assert_redirect_error(denied.location, app.redirect_uri, "access_denied", denied.state)

    # Allowing without a required item (email is REQUIRED here) gives the app nothing either;
    # nothing was granted, so the screen shows again.
    partial = authorize(user1, client, items=["name", "phone"], consent=True)
    assert_redirect_error(partial.location, app.redirect_uri, "access_denied", partial.state)


def test_consent_request_is_bound_spent_and_origin_checked(user1, user2, apps):
    app = apps("consent binding")
    client = oauth_client(app)
    r, state, _, _ = start(user1.browser, client)
    request_id = consent_request(r.headers["Location"])
    form = [("request", request_id), ("decision", "allow"), ("item", "name"), ("item", "email")]

    # A cookie-carrying POST without our Origin (a cross-site form) is refused by the site.
    assert user1.post(DECISION, data=form, origin=False).status_code == 403
    # The member's own form works once...
    location = decide(user1, request_id, ["name", "email"])
    assert location.startswith(app.redirect_uri + "?") and query(location)["state"] == state
    # ... and only once.
    assert_no_code(user1.post(DECISION, data=form))

    # Another member cannot answer a member's pending request.
    other = apps("consent binding 2")
    r, _, _, _ = start(user1.browser, oauth_client(other))
    stolen = consent_request(r.headers["Location"])
    assert_no_code(user2.post(DECISION, data=[("request", stolen), ("decision", "allow"), ("item", "name"), ("item", "email")]))


def test_member_revoking_the_app_kills_its_tokens(user1, apps):
    app = apps("member revokes")
    client = oauth_client(app)
    token = exchange(client, authorize(user1, client))
    assert client.get(USERINFO).status_code == 200

    r = user1.get("/api/oauth/connections")
    assert r.status_code == 200 and app.client_id in r.text, r.text
    r = user1.delete(f"/api/oauth/connections/{app.client_id}")
    assert r.status_code in (200, 204), r.text

    assert_token_rejected(token["access_token"])
    expect_oauth_error("invalid_grant", client.refresh_token, TOKEN, refresh_token=token["refresh_token"])
    r = user1.get("/api/oauth/connections")
    assert r.status_code == 200 and app.client_id not in r.text, r.text


def test_owner_deleting_the_app_kills_its_tokens(user1, user2, apps):
    app = apps("owner deletes")
    client = oauth_client(app)
    token = exchange(client, authorize(user1, client))
    assert client.get(USERINFO).status_code == 200

    r = user2.delete(f"/api/oauth/apps/{app.client_id}")
    assert r.status_code in (200, 204), r.text

    assert_token_rejected(token["access_token"])
    expect_oauth_error(
        ("invalid_client", "invalid_grant"), client.refresh_token, TOKEN, refresh_token=token["refresh_token"]
    )


def test_userinfo_refuses_missing_and_unknown_tokens():
    assert_token_rejected(generate_token(43))
    r = HTTP.get(USERINFO, timeout=TIMEOUT)
    assert r.status_code == 401
    assert r.headers.get("WWW-Authenticate", "").startswith("Bearer")


# ================================================================== the original's three calls


def cyworld_code(member: Member, app: App, items) -> str:
    """GET /api/cyworld in the member's browser, the same consent screen, the code."""
    r = member.get("/api/cyworld?" + urlencode({"clientId": app.client_id, "redirectUri": app.redirect_uri}))
    assert r.status_code in (302, 303), f"{r.status_code} {r.text[:300]}"
    location = absolute(r.headers["Location"])
    if location.startswith(BASE + "/oauth/consent"):
        location = decide(member, consent_request(location), items)
    assert location.startswith(app.redirect_uri + "?"), location
    return query(location)["code"]


def cyworld_token(app: App, code: str, secret=None) -> dict:
    body = {
        "clientId": app.client_id,
        "clientSecret": app.client_secret if secret is None else secret,
        "redirectUri": app.redirect_uri,
        "code": code,
    }
    return HTTP.post(BASE + "/api/token", json=body, timeout=TIMEOUT).json()


def cyworld_user(access_token: str) -> dict:
    return HTTP.post(BASE + "/api/user", json={}, headers=bearer(access_token), timeout=TIMEOUT).json()


CYWORLD_ITEMS = {"name": "REQUIRED", "email": "OPTIONAL", "gender": "NONE", "birthdate": "NONE", "phone": "NONE"}


def test_cyworld_calls_with_the_optional_item_accepted(user1, apps):
    app = apps("cyworld accept", items=CYWORLD_ITEMS)
    code = cyworld_code(user1, app, ["name", "email"])
    answer = cyworld_token(app, code)
    assert isinstance(answer.get("accessToken"), str) and "message" not in answer, answer
    user = cyworld_user(answer["accessToken"])
    assert set(CYWORLD_FIELDS.values()) <= set(user), user
    check_released(user, user1.account(), {"name", "email"}, CYWORLD_FIELDS)
    assert user["email"] == "user1@minihompy.test"

    # The code works once; a replay is refused and takes the first token with it.
    replay = cyworld_token(app, code)
    assert isinstance(replay["accessToken"], str) and replay.get("message"), replay
    assert isinstance(cyworld_user(answer["accessToken"]).get("user"), str)


def test_cyworld_calls_with_the_optional_item_declined(user1, apps):
    app = apps("cyworld decline", items=CYWORLD_ITEMS)
    answer = cyworld_token(app, cyworld_code(user1, app, ["name"]))
    assert isinstance(answer.get("accessToken"), str) and "message" not in answer, answer
    user = cyworld_user(answer["accessToken"])
    account = user1.account()
    check_released(user, account, {"name"}, CYWORLD_FIELDS)
    assert account["email"] and user["email"] is None


def test_cyworld_token_with_a_wrong_secret_answers_an_error_code(user1, apps):
    app = apps("cyworld secret", items=CYWORLD_ITEMS)
    code = cyworld_code(user1, app, ["name", "email"])
    answer = cyworld_token(app, code, secret="not-" + app.client_secret)
    assert isinstance(answer.get("accessToken"), str) and answer["accessToken"], answer
    assert isinstance(answer.get("message"), str) and answer["message"], answer
    # What it holds is an error code, not a token.
    assert isinstance(cyworld_user(answer["accessToken"]).get("user"), str)


def test_cyworld_refuses_public_clients_and_unregistered_uris(user1, apps):
    public = apps("cyworld public", client_type="PUBLIC", items=CYWORLD_ITEMS)
    r = user1.get("/api/cyworld?" + urlencode({"clientId": public.client_id, "redirectUri": public.redirect_uri}))
    assert r.status_code in (302, 303), r.text[:300]
    location = absolute(r.headers["Location"])
    assert location.startswith(BASE + "/api/error"), location
    assert query(location).get("code"), location

    app = apps("cyworld uri", items=CYWORLD_ITEMS)
    r = user1.get("/api/cyworld?" + urlencode({"clientId": app.client_id, "redirectUri": app.redirect_uri + "/x"}))
    assert r.status_code in (302, 303), r.text[:300]
    assert absolute(r.headers["Location"]).startswith(BASE + "/api/error"), r.headers["Location"]
