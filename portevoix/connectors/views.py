"""Connecting accounts (a form or an OAuth 2 redirect), their health, disconnecting.

The platform checks what the person typed (`connector.connect`) or the token it issued
(`account_from_token`); `connectors.actions` saves it. A refusal is shown in the person's
language with the platform's own words; a secret typed into the form is never shown again.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portevoix.accounts.decorators import brand_view, member_view
from portevoix.accounts.models import Brand
from portevoix.accounts.permissions import Perm, brands_for, has_perm
from portevoix.connectors import actions, oauth, registry
from portevoix.connectors.base import Account, Connector
from portevoix.connectors.errors import AuthExpired, ConnectorError, Rejected
from portevoix.connectors.forms import ConfirmForm, ConnectForm, IdentityForm
from portevoix.connectors.models import AccountStatus, ConnectedAccount


def _connector(kind: str) -> Connector:
    if kind not in registry.CONNECTORS:
        raise Http404
    return actions.connector_for(kind)


def _uses_oauth(connector: Connector, request: HttpRequest) -> bool:
    if connector.auth == "oauth2":
        return True
    return "oauth2" in connector.auth and request.GET.get("via") == "oauth"


def _refusal(connector: Connector, exc: ConnectorError) -> str:
    """What to tell the person, in their language, with the platform's words as they are."""
    values = {"platform": connector.label, "message": exc.message or type(exc).__name__}
    if isinstance(exc, AuthExpired):
        return _("%(platform)s refused these credentials: %(message)s") % values
    if isinstance(exc, Rejected):
        return _("%(platform)s refused the connection: %(message)s") % values
    return _("%(platform)s could not be reached (%(message)s). Try again in a moment.") % values


def _connected(
    request: HttpRequest, brand: Brand, account: Account, *, label: str = "", via: str = "web"
) -> HttpResponseBase:
    """Save the account the platform vouched for, say so, and show the brand's connections."""
    connected = actions.connect_account(request.user, brand, account, label=label, via=via)
    messages.success(request, _("%(label)s is connected.") % {"label": connected.label})
    return redirect("connectors:list", brand_id=brand.pk)


def redirect_uri() -> str:
    # One callback for every platform and brand: platforms want the exact URI registered.
    return f"{settings.PORTEVOIX_BASE_URL}{reverse('connectors_oauth:callback')}"


@brand_view(Perm.CONNECTIONS_VIEW)
def account_list(request: HttpRequest, brand: Brand) -> HttpResponse:
    """Each connected account with its state, its expiry dates and its last error."""
    accounts = ConnectedAccount.objects.filter(brand=brand).exclude(
        status=AccountStatus.DISCONNECTED
    )
    disconnected = ConnectedAccount.objects.filter(brand=brand, status=AccountStatus.DISCONNECTED)
    platforms = [(kind, registry.connector_class(kind).label) for kind in registry.CONNECTORS]
    return render(
        request,
        "connectors/account_list.html",
        {
            "brand": brand,
            "accounts": accounts,
            "disconnected": disconnected,
            "platforms": sorted(platforms, key=lambda p: str(p[1]).lower()),
            "can_manage": has_perm(request.user, brand, Perm.CONNECTIONS_MANAGE),
        },
    )


@brand_view(Perm.CONNECTIONS_MANAGE)
def connect(request: HttpRequest, brand: Brand, kind: str) -> HttpResponseBase:
    """The connect form of `kind`, or the start of its OAuth flow. `?account=<id>` reconnects
    an account (the platform's answer updates the same row)."""
    connector = _connector(kind)
    reconnecting = None
    if request.GET.get("account", "").isdigit():
        reconnecting = ConnectedAccount.objects.filter(
            brand=brand, kind=kind, pk=int(request.GET["account"])
        ).first()
    if _uses_oauth(connector, request):
        try:
            url = oauth.start(
                request.session,
                connector,
                brand_id=brand.pk,
                user_id=request.user.pk or 0,
                redirect_uri=redirect_uri(),
            )
        except ConnectorError as exc:
            messages.error(request, _refusal(connector, exc))
            return redirect("connectors:list", brand_id=brand.pk)
        return redirect(url)
    initial: dict[str, str] = {}
    if reconnecting is not None:
        # The non-secret fields as they were: the handle, and the server for self-hosted ones.
        initial["label"] = reconnecting.label
        for spec in connector.connect_fields:
            if spec.name == "handle":
                initial[spec.name] = reconnecting.handle
            elif spec.name.endswith("_url") and reconnecting.base_url:
                initial[spec.name] = reconnecting.base_url
    form = ConnectForm(
        request.POST if request.method == "POST" else None, connector=connector, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            account = connector.connect(form.connect_values())
        except ConnectorError as exc:
            form.add_error(None, _refusal(connector, exc))
        else:
            return _connected(request, brand, account, label=form.cleaned_data["label"])
    return render(
        request,
        "connectors/connect.html",
        {
            "brand": brand,
            "form": form,
            "connector": connector,
            "reconnecting": reconnecting,
            "offers_oauth": "oauth2" in connector.auth,
        },
    )


def _stale_flow(request: HttpRequest) -> HttpResponseBase:
    """A flow not started from this browser by this person, or too long ago: start again."""
    messages.error(
        request,
        _(
            "This sign-in answer does not match a connection started from this browser, "
            "or it came too late. Start the connection again."
        ),
    )
    return redirect("brand-list")


def _flow_brand(request: HttpRequest, flow: oauth.Flow) -> tuple[Brand, Connector]:
    """The flow's brand and platform, if this person may still manage the brand's connections
    (a role may have changed since the flow started)."""
    brand = brands_for(request.user).filter(pk=flow.brand_id).first()
    if brand is None or not has_perm(request.user, brand, Perm.CONNECTIONS_MANAGE):
        raise Http404
    return brand, _connector(flow.kind)


@member_view
def oauth_callback(request: HttpRequest) -> HttpResponseBase:
    """Where the platform sends the person back. The flow must be one they started here."""
    try:
        flow = oauth.take(
            request.session, request.GET.get("state", ""), user_id=request.user.pk or 0
        )
    except oauth.FlowError:
        return _stale_flow(request)
    brand, connector = _flow_brand(request, flow)
    error = request.GET.get("error", "")
    if error or not request.GET.get("code"):
        if error == "access_denied":
            message = _("Access was declined on %(platform)s: nothing was connected.") % {
                "platform": connector.label
            }
        else:
            message = _("%(platform)s did not grant access: %(message)s") % {
                "platform": connector.label,
                "message": request.GET.get("error_description") or error or _("no code"),
            }
        messages.error(request, message)
        return redirect("connectors:list", brand_id=brand.pk)
    try:
        credentials = oauth.exchange(connector, flow, request.GET["code"], redirect_uri())
        account = connector.account_from_token(credentials)
    except ConnectorError as exc:
        messages.error(request, _refusal(connector, exc))
        return redirect("connectors:list", brand_id=brand.pk)
    if connector.identities(account):
        # A member and their Pages: the person says which one this connection is.
        oauth.keep_pending(request.session, flow, account)
        return redirect(f"{reverse('connectors_oauth:choose')}?state={flow.state}")
    return _connected(request, brand, account, via="oauth")


@member_view
def choose_identity(request: HttpRequest) -> HttpResponseBase:
    """After the OAuth flow, whom the connection publishes as (a member or one of their
    Pages). The account waits in the session (oauth.keep_pending) for this person only."""
    state = request.GET.get("state", "")
    try:
        flow, account = oauth.pending(request.session, state, user_id=request.user.pk or 0)
    except oauth.FlowError:
        return _stale_flow(request)
    brand, connector = _flow_brand(request, flow)
    identities = connector.identities(account)
    form = IdentityForm(request.POST if request.method == "POST" else None, identities=identities)
    if request.method == "POST" and form.is_valid():
        try:
            chosen = connector.as_identity(account, form.cleaned_data["identity"])
        except ConnectorError as exc:
            form.add_error(None, _refusal(connector, exc))
        else:
            oauth.drop_pending(request.session, state)
            return _connected(request, brand, chosen, via="oauth")
    return render(
        request,
        "connectors/choose_identity.html",
        {"brand": brand, "connector": connector, "account": account, "form": form},
    )


@brand_view(Perm.CONNECTIONS_MANAGE)
def disconnect(request: HttpRequest, brand: Brand, account_id: int) -> HttpResponse:
    connected = get_object_or_404(ConnectedAccount, brand=brand, pk=account_id)
    if request.method == "POST" and ConfirmForm(request.POST).is_valid():
        actions.disconnect_account(request.user, connected)
        messages.success(
            request,
            _("%(label)s is disconnected; its secrets are erased.") % {"label": connected.label},
        )
        return redirect("connectors:list", brand_id=brand.pk)
    return render(request, "connectors/disconnect.html", {"brand": brand, "account": connected})


@brand_view(Perm.CONNECTIONS_MANAGE)
@require_POST
def check_now(request: HttpRequest, brand: Brand, account_id: int) -> HttpResponse:
    connected = get_object_or_404(ConnectedAccount, brand=brand, pk=account_id)
    health = actions.check_account_health(connected)
    connected.refresh_from_db()
    if health is not None and health.valid:
        messages.success(request, _("%(label)s works.") % {"label": connected.label})
    elif connected.status == AccountStatus.NEEDS_RECONNECT:
        messages.error(request, _("%(label)s must be reconnected.") % {"label": connected.label})
    else:
        messages.warning(
            request,
            _("%(label)s could not be checked: %(error)s")
            % {"label": connected.label, "error": connected.last_error or "—"},
        )
    return redirect("connectors:list", brand_id=brand.pk)  # type: ignore[return-value]
