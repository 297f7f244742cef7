from __future__ import annotations

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views import i18n as i18n_views
from django.views.decorators.http import require_POST

from portevoix.accounts import actions
from portevoix.accounts.decorators import brand_view, member_view, org_view, public_view
from portevoix.accounts.forms import (
    ApiTokenForm,
    BrandForm,
    MemberForm,
    OrganisationForm,
    ProfileForm,
)
from portevoix.accounts.models import (
    ApiToken,
    AuditEvent,
    Brand,
    Membership,
    Notification,
    Organisation,
    Profile,
    Role,
)
from portevoix.accounts.permissions import (
    Perm,
    brands_for,
    has_org_perm,
    organisations_for,
    role_for,
)

login = public_view(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html", redirect_authenticated_user=True
    )
)
logout = public_view(auth_views.LogoutView.as_view())
# Forgotten password and invitations: Django's token flow (single use, expires after
# PASSWORD_RESET_TIMEOUT), with our templates.
password_reset = public_view(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        email_template_name="accounts/password_reset_email.txt",
        subject_template_name="accounts/password_reset_subject.txt",
        success_url=reverse_lazy("password_reset_done"),
    )
)
password_reset_done = public_view(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = public_view(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("password_reset_complete"),
    )
)
password_reset_complete = public_view(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )
)


@member_view
def home(request: HttpRequest) -> HttpResponse:
    """Open the brand last worked on, else the list of brands."""
    profile = Profile.objects.filter(user=cast(User, request.user)).first()
    brands = brands_for(request.user)
    if profile and profile.last_brand_id and brands.filter(pk=profile.last_brand_id).exists():
        return redirect("brand-home", brand_id=profile.last_brand_id)
    return redirect("brand-list")


@member_view
def brand_list(request: HttpRequest) -> HttpResponse:
    organisations = [
        {
            "organisation": organisation,
            "brands": [b for b in brands_for(request.user) if b.organisation_id == organisation.pk],
            "can_manage": has_org_perm(request.user, organisation, Perm.BRAND_MANAGE),
        }
        for organisation in organisations_for(request.user)
    ]
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = actions.create_organisation(request.user, name=form.cleaned_data["name"])
        messages.success(request, _("Organisation created."))
        return redirect("brand-create", org_id=organisation.pk)
    return render(
        request, "accounts/brand_list.html", {"organisations": organisations, "form": form}
    )


@brand_view(Perm.BRAND_VIEW)
def brand_home(request: HttpRequest, brand: Brand) -> HttpResponse:
    actions.remember_brand(request.user, brand)
    return redirect("strategy:overview", brand_id=brand.pk)


@org_view(Perm.BRAND_MANAGE)
def brand_create(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = BrandForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        brand = actions.create_brand(request.user, organisation, **form.cleaned_data)
        messages.success(request, _("Brand created."))
        return redirect("brand-home", brand_id=brand.pk)
    return render(request, "accounts/brand_form.html", {"form": form, "organisation": organisation})


@brand_view(Perm.BRAND_MANAGE)
def brand_settings(request: HttpRequest, brand: Brand) -> HttpResponse:
    form = BrandForm(request.POST or None, instance=Brand.objects.get(pk=brand.pk))
    if request.method == "POST" and form.is_valid():
        actions.update_brand(request.user, brand, **form.cleaned_data)
        messages.success(request, _("Brand saved."))
        return redirect("brand-settings", brand_id=brand.pk)
    return render(request, "accounts/brand_form.html", {"form": form, "brand": brand})


@member_view
def profile(request: HttpRequest) -> HttpResponse:
    instance, _created = Profile.objects.get_or_create(user=request.user)
    form = ProfileForm(request.POST or None, instance=Profile.objects.get(pk=instance.pk))
    if request.method == "POST" and form.is_valid():
        actions.set_profile(request.user, request.user, language=form.cleaned_data["language"])
        messages.success(request, _("Profile saved."))
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form})


@member_view
def notifications(request: HttpRequest) -> HttpResponse:
    """One's own notifications, newest first; marking them read is a POST (all, or one)."""
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()]
        actions.mark_notifications_read(request.user, ids or None)
        return redirect("notifications")
    items = Notification.objects.filter(user=cast(User, request.user)).select_related("brand")
    return render(request, "accounts/notifications.html", {"notifications": items[:200]})


@org_view(Perm.MEMBERS_MANAGE)
def members(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = MemberForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        is_new = not get_user_model().objects.filter(username=data["username"]).exists()
        try:
            membership = actions.add_member(
                request.user,
                organisation,
                username=data["username"],
                email=data["email"],
                role=data["role"],
                brands=list(data["brands"]),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return _members_page(request, organisation, form)
        messages.success(request, _("Member saved."))
        if is_new and actions.send_invitation(
            request.user, membership, base_url=request.build_absolute_uri("/")
        ):
            messages.info(request, _("An invitation to choose a password was sent by e-mail."))
        elif is_new:
            messages.warning(
                request,
                _("No e-mail address: this person cannot log in until an owner sets a password."),
            )
        return redirect("members", org_id=organisation.pk)
    return _members_page(request, organisation, form)


def _members_page(
    request: HttpRequest, organisation: Organisation, form: MemberForm
) -> HttpResponse:
    memberships = (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .prefetch_related("brands")
        .order_by("user__username")
    )
    return render(
        request,
        "accounts/members.html",
        {"organisation": organisation, "memberships": memberships, "form": form},
    )


@org_view(Perm.MEMBERS_MANAGE)
def member_remove(
    request: HttpRequest, organisation: Organisation, membership_id: int
) -> HttpResponse:
    membership = get_object_or_404(Membership, organisation=organisation, pk=membership_id)
    if request.method == "POST":
        if membership.user_id == request.user.pk:
            messages.error(request, _("You cannot remove yourself."))
        else:
            try:
                actions.remove_member(request.user, membership)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Member removed."))
    return redirect("members", org_id=organisation.pk)


@org_view(Perm.AUDIT_VIEW)
def audit_log(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    events = AuditEvent.objects.filter(organisation=organisation).select_related("actor", "brand")[
        :200
    ]
    return render(
        request, "accounts/audit_log.html", {"organisation": organisation, "events": events}
    )


@brand_view(Perm.API_TOKENS_MANAGE)
def api_tokens(request: HttpRequest, brand: Brand) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _token, secret = actions.create_api_token(request.user, brand, **form.cleaned_data)
        form = ApiTokenForm()
    tokens = ApiToken.objects.filter(brand=brand, revoked_at__isnull=True).select_related("user")
    return render(
        request,
        "accounts/api_tokens.html",
        {"brand": brand, "tokens": tokens, "form": form, "secret": secret},
    )


@brand_view(Perm.API_TOKENS_MANAGE)
def api_token_revoke(request: HttpRequest, brand: Brand, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, brand=brand, pk=token_id, revoked_at__isnull=True)
    # Anyone who manages tokens revokes their own; only an owner revokes someone else's.
    if token.user_id != request.user.pk and role_for(request.user, brand) != Role.OWNER:
        raise PermissionDenied
    if request.method == "POST":
        actions.revoke_api_token(request.user, token)
        messages.success(request, _("Token revoked."))
    return redirect("api-tokens", brand_id=brand.pk)


@public_view
@require_POST
def set_language(request: HttpRequest) -> HttpResponseBase:
    """Django's language switch, remembered in the profile too: the profile's language wins
    over the cookie on every later page, so it must follow the switch."""
    response = i18n_views.set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        actions.set_profile(request.user, request.user, language=language)
    return response
