from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portevoix.accounts.decorators import brand_view
from portevoix.accounts.models import Brand
from portevoix.accounts.permissions import Perm


@brand_view(Perm.STRATEGY_VIEW)
def overview(request: HttpRequest, brand: Brand) -> HttpResponse:
    return render(request, "strategy/overview.html", {"brand": brand})
