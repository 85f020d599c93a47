from django import forms
from django.utils.translation import gettext_lazy
from wagtail.admin.forms.auth import LoginForm


class FrenchLoginForm(LoginForm):
    # Wagtail's LoginForm redeclares the password field without a label, so the
    # field name shows in English; Wagtail's catalogue translates this label.
    password = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"placeholder": gettext_lazy("Enter password")}),
    )
