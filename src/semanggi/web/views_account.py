"""Account pages: creating one's own account, and Django's own password views in the site's
templates. Setting a new password through a reset link also lifts a lockout of the
account."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from semanggi.access.forms import SignupForm
from semanggi.access.lockout import lock_minutes, lockout_lift, signup_counted, signup_locked
from semanggi.access.services import account_create

T = "web/account/"

password_change = auth_views.PasswordChangeView.as_view(
    template_name=T + "password_change_form.html"
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name=T + "password_change_done.html"
)
password_reset = auth_views.PasswordResetView.as_view(
    template_name=T + "password_reset_form.html",
    email_template_name=T + "password_reset_email.txt",
    subject_template_name=T + "password_reset_subject.txt",
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name=T + "password_reset_done.html"
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name=T + "password_reset_complete.html"
)


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = T + "password_reset_confirm.html"

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # Whoever holds the mailbox has proved to be the account's owner: the lock ends.
        lockout_lift(username=form.user.get_username())
        return response


password_reset_confirm = PasswordResetConfirm.as_view()


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """A person creates her own account, then registers her organisation. Throttled per
    address like logins (``access.lockout``)."""
    if not settings.SEMANGGI_SIGNUP:
        raise Http404
    if request.user.is_authenticated:
        return redirect("my-home")
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if signup_locked(request):
            return render(
                request,
                T + "signup.html",
                {"form": SignupForm(), "throttled": True, "lock_minutes": lock_minutes()},
                status=429,
            )
        signup_counted(request)
        if form.is_valid():
            user = account_create(form=form)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Your account is ready. Register the organisation you act for next."),
            )
            return redirect("organisation-propose")
    return render(request, T + "signup.html", {"form": form}, status=400 if form.is_bound else 200)
