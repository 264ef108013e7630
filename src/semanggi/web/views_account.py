"""Account pages: Django's own password views in the site's templates. Setting a new
password through a reset link also lifts a lockout of the account."""

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpResponse

from semanggi.access.lockout import lockout_lift

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
