"""The post editor (master text → one variant per channel), the post page with its approval
steps and comments, and the decisions taken on it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portevoix.accounts.decorators import brand_view
from portevoix.accounts.models import Brand
from portevoix.accounts.permissions import Perm, has_perm
from portevoix.editorial import actions
from portevoix.editorial.checks import finding_message
from portevoix.editorial.forms import (
    CommentForm,
    DecisionForm,
    PostForm,
    SendToClientForm,
    TargetForm,
    attach_errors,
)
from portevoix.editorial.models import (
    LOCKED_TARGET_STATUSES,
    ApprovalMode,
    ApprovalStage,
    Post,
    PostComment,
    PostStatus,
    PostTarget,
)
from portevoix.editorial.queries import active_accounts
from portevoix.editorial.views.common import page_context


def scoped_post(brand: Brand, post_id: int) -> Post:
    return get_object_or_404(Post.objects.filter(brand=brand), pk=post_id)


def _target_forms(request: HttpRequest, brand: Brand, post: Post | None) -> list[TargetForm]:
    existing = {t.account_id: t for t in post.targets.all()} if post is not None else {}
    accounts = list(active_accounts(brand))
    # A target on an account that was since disconnected stays visible (and is kept).
    accounts += [t.account for t in existing.values() if t.account not in accounts]
    data = request.POST if request.method == "POST" else None
    return [
        TargetForm(data, account=a, brand=brand, post=post, target=existing.get(a.pk))
        for a in accounts
    ]


def _findings(post: Post | None) -> dict[int, list[dict[str, Any]]]:
    """Per account: the saved findings with their messages in the reader's language."""
    if post is None:
        return {}
    return {
        t.account_id: [{**f, "message": finding_message(f)} for f in t.findings]
        for t in post.targets.all()
    }


def _attach_target_errors(forms_: list[TargetForm], exc: ValidationError) -> bool:
    """Errors named "t<account>-<field>" go to that channel's form; True if any did."""
    if not hasattr(exc, "error_dict"):
        return False
    by_prefix = {f.prefix: f for f in forms_}
    placed = False
    for name, errors in list(exc.error_dict.items()):
        prefix, _dash, field = name.partition("-")
        form = by_prefix.get(prefix)
        if form is not None:
            form.add_error("when" if field == "scheduled_at" else field, errors)
            del exc.error_dict[name]
            placed = True
    return placed


def _editor(request: HttpRequest, brand: Brand, post: Post | None) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = PostForm(data, request.FILES or None, brand=brand, initial=PostForm.initial_for(post))
    target_forms = _target_forms(request, brand, post)
    mode = actions.settings_for(brand).approval_mode
    if request.method == "POST":
        valid = form.is_valid()
        valid = all([f.is_valid() for f in target_forms]) and valid
        if valid:
            try:
                post = _save(request, brand, post, form, target_forms)
            except ValidationError as exc:
                placed = _attach_target_errors(target_forms, exc)
                if not placed or getattr(exc, "error_dict", None):
                    attach_errors(form, exc)
                if post is not None and actions.is_stale(exc):
                    # The next save replaces the other version, knowingly.
                    fresh = Post.objects.get(pk=post.pk)
                    restarted = request.POST.copy()
                    restarted["version"] = str(fresh.version)
                    form.data = restarted
            else:
                return redirect("editorial:post-edit", brand_id=brand.pk, post_id=post.pk)
    findings = _findings(post)
    for target_form in target_forms:
        target_form.target_findings = findings.get(target_form.account.pk, [])  # type: ignore[attr-defined]
    context = page_context(
        request,
        brand,
        "calendar",
        form=form,
        post=post,
        target_forms=target_forms,
        approval_mode=mode,
        uses_approval=mode != ApprovalMode.NONE,
        locked_statuses=LOCKED_TARGET_STATUSES,
        title=_("New post") if post is None else _("Edit post"),
    )
    return render(request, "editorial/post_form.html", context)


def _save(
    request: HttpRequest,
    brand: Brand,
    post: Post | None,
    form: PostForm,
    target_forms: list[TargetForm],
) -> Post:
    inputs = [
        actions.TargetInput(
            account=f.account,
            text=f.cleaned_data.get("text", ""),
            scheduled_at=f.cleaned_data.get("scheduled_at"),
            media=list(f.cleaned_data.get("attached") or []),
        )
        for f in target_forms
        if f.cleaned_data.get("enabled")
    ]
    intent = request.POST.get("intent", "save")
    result = actions.save_post(
        request.user,
        brand,
        post,
        title=form.cleaned_data["title"],
        text=form.cleaned_data["text"],
        campaign=form.cleaned_data["campaign"],
        content_kind=form.cleaned_data["content_kind"],
        targets=inputs,
        based_on=form.cleaned_data.get("version") if post is not None else None,
        schedule=intent == "schedule",
    )
    saved = result.post
    upload = form.cleaned_data.get("media_file")
    if upload:
        actions.add_media(request.user, saved, upload, alt_text=form.cleaned_data["media_alt"])
    messages.success(request, _("Saved."))
    if result.scheduled:
        messages.success(request, _("Scheduled."))
    if result.schedule_blocked:
        messages.warning(
            request,
            _("Saved but not scheduled: every channel needs a time and no blocking problem."),
        )
    if intent == "submit":
        try:
            actions.submit_for_approval(request.user, saved)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Submitted for approval."))
    return saved


@brand_view(Perm.POSTS_EDIT)
def post_create(request: HttpRequest, brand: Brand) -> HttpResponse:
    return _editor(request, brand, None)


@brand_view(Perm.POSTS_EDIT)
def post_edit(request: HttpRequest, brand: Brand, post_id: int) -> HttpResponse:
    return _editor(request, brand, scoped_post(brand, post_id))


@brand_view(Perm.CALENDAR_VIEW)
def post_detail(request: HttpRequest, brand: Brand, post_id: int) -> HttpResponse:
    post = scoped_post(brand, post_id)
    user = request.user
    internal = has_perm(user, brand, Perm.POSTS_EDIT) or has_perm(user, brand, Perm.POSTS_APPROVE)
    comments = list(post.comments.select_related("author")) if internal else []
    context = page_context(
        request,
        brand,
        "calendar",
        post=post,
        targets=post.targets.select_related("account").prefetch_related("media"),
        findings=_findings(post),
        steps=post.approval_steps.select_related("actor"),
        comments=[c for c in comments if c.parent_id is None],
        replies=_replies(comments),
        show_comments=internal,
        comment_form=CommentForm(),
        can_approve=post.status == PostStatus.PENDING_INTERNAL
        and has_perm(user, brand, Perm.POSTS_APPROVE),
        can_client_approve=post.status == PostStatus.PENDING_CLIENT
        and has_perm(user, brand, Perm.POSTS_CLIENT_APPROVE),
        can_send=post.status == PostStatus.PENDING_CLIENT
        and has_perm(user, brand, Perm.POSTS_APPROVE),
        can_submit=post.status in {PostStatus.DRAFT, PostStatus.CHANGES_REQUESTED}
        and has_perm(user, brand, Perm.POSTS_EDIT)
        and actions.settings_for(brand).approval_mode != ApprovalMode.NONE,
        send_form=SendToClientForm(initial={"email": actions.settings_for(brand).client_email}),
    )
    return render(request, "editorial/post_detail.html", context)


def _replies(comments: list[PostComment]) -> dict[int, list[PostComment]]:
    replies: dict[int, list[PostComment]] = {}
    for comment in comments:
        if comment.parent_id is not None:
            replies.setdefault(comment.parent_id, []).append(comment)
    return replies


def _decide(request: HttpRequest, brand: Brand, post_id: int, stage: str) -> HttpResponse:
    post = scoped_post(brand, post_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This decision could not be read; try again."))
        return redirect("editorial:post-detail", brand_id=brand.pk, post_id=post.pk)
    comment, version = form.cleaned_data["comment"], form.cleaned_data["version"]
    try:
        if form.cleaned_data["decision"] == "approve":
            actions.approve(request.user, post, stage=stage, comment=comment, based_on=version)
            messages.success(request, _("Approved."))
        else:
            actions.request_changes(
                request.user, post, stage=stage, comment=comment, based_on=version
            )
            messages.success(request, _("Changes requested."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("editorial:post-detail", brand_id=brand.pk, post_id=post.pk)


@brand_view(Perm.POSTS_APPROVE)
@require_POST
def post_approve(request: HttpRequest, brand: Brand, post_id: int) -> HttpResponse:
    return _decide(request, brand, post_id, ApprovalStage.INTERNAL)


@brand_view(Perm.POSTS_CLIENT_APPROVE)
@require_POST
def post_client_approve(request: HttpRequest, brand: Brand, post_id: int) -> HttpResponse:
    return _decide(request, brand, post_id, ApprovalStage.CLIENT)


@brand_view(Perm.POSTS_EDIT)
@require_POST
def post_submit(request: HttpRequest, brand: Brand, post_id: int) -> HttpResponse:
    post = scoped_post(brand, post_id)
    try:
        actions.submit_for_approval(request.user, post)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Submitted for approval."))
    return redirect("editorial:post-detail", brand_id=brand.pk, post_id=post.pk)


@brand_view(Perm.POSTS_APPROVE)
@require_POST
def post_send_to_client(request: HttpRequest, brand: Brand, post_id: int) -> HttpResponse:
    post = scoped_post(brand, post_id)
    form = SendToClientForm(request.POST)
    if form.is_valid():
        try:
            actions.send_to_client(request.user, post, email=form.cleaned_data["email"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The link was sent to the client."))
    else:
        messages.error(request, _("Enter a valid e-mail address."))
    return redirect("editorial:post-detail", brand_id=brand.pk, post_id=post.pk)


@brand_view(Perm.POSTS_EDIT)
@require_POST
def post_comment(request: HttpRequest, brand: Brand, post_id: int) -> HttpResponse:
    post = scoped_post(brand, post_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        parent_id = form.cleaned_data.get("parent")
        parent = post.comments.filter(pk=parent_id).first() if parent_id else None
        try:
            actions.add_comment(request.user, post, body=form.cleaned_data["body"], parent=parent)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Write a comment first."))
    return redirect("editorial:post-detail", brand_id=brand.pk, post_id=post.pk)


@brand_view(Perm.POSTS_EDIT)
@require_POST
def target_next_slot(request: HttpRequest, brand: Brand, target_id: int) -> HttpResponse:
    target = get_object_or_404(PostTarget.objects.filter(post__brand=brand), pk=target_id)
    try:
        actions.add_to_next_free_slot(request.user, target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Placed in the next free slot."))
    return redirect("editorial:post-edit", brand_id=brand.pk, post_id=target.post_id)
