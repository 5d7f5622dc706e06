"""/api/v1/stats/summary/ (staff, scoped) and /api/v1/stats/public/ (aggregates for the transparency page)."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .services import metrics
from .services.filters import FilterError, parse

CODES = {400: "input_tidak_sah", 403: "tidak_berwenang", 404: "tidak_ditemukan"}


class SummaryView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Angka ringkas dasbor untuk satu wilayah dan periode",
        parameters=[
            OpenApiParameter("region", OpenApiTypes.STR, description="Kode Kemendagri, mis. 15.71"),
            OpenApiParameter("from", OpenApiTypes.DATE), OpenApiParameter("to", OpenApiTypes.DATE),
            OpenApiParameter("jenis", OpenApiTypes.STR, description="Jenis pelanggaran, mis. politik_uang"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        try:
            f = parse(request.query_params, request.user)
        except FilterError as error:
            return Response({"detail": error.message, "code": CODES.get(error.status, "error"),
                             "field": error.field}, status=error.status)
        return Response(metrics.summary(f, request.user))


class PublicView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(summary="Angka agregat publik (halaman transparansi)", responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        from .views import PUBLIC_CACHE_SECONDS, public_figures

        figures = {k: v for k, v in public_figures().items() if not k.startswith("_")}
        response = Response(figures)
        response["Cache-Control"] = f"public, max-age={PUBLIC_CACHE_SECONDS}"
        return response


urlpatterns = [
    path("stats/summary/", SummaryView.as_view(), name="stats-summary"),
    path("stats/public/", PublicView.as_view(), name="stats-public"),
]
