"""The sign-up form: a person creates her own account (user name, e-mail, password checked
by Django's password validators). An account alone grants nothing beyond what the public
sees; acting for an organisation needs its verification (semanggi.organisations)."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class SignupForm(UserCreationForm):  # type: ignore[type-arg]
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("Notifications and password resets are sent here."),
    )

    class Meta(UserCreationForm.Meta):  # type: ignore[name-defined,misc]
        model = get_user_model()
        fields = ("username", "first_name", "email")
        labels = {"first_name": _("Full name")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = False
        self.fields["first_name"].help_text = _("As your colleagues know you (optional).")
        # Without the browser's own checks, the errors are the page's, in its language.
        for field in self.fields.values():
            field.widget.attrs.pop("autofocus", None)

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _(
                    "An account with this e-mail address exists already. Log in, or use "
                    "“Forgot your password?”."
                ),
                code="taken",
            )
        return email
