from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portevoix.accounts.decorators import brand_view
from portevoix.accounts.models import Brand
from portevoix.accounts.permissions import Perm
from portevoix.connectors.models import ConnectedAccount


@brand_view(Perm.CONNECTIONS_VIEW)
def account_list(request: HttpRequest, brand: Brand) -> HttpResponse:
    """Each connected account with its state, its expiry dates and its last error."""
    accounts = ConnectedAccount.objects.filter(brand=brand)
    return render(request, "connectors/account_list.html", {"brand": brand, "accounts": accounts})
