from django.shortcuts import redirect, render


def home(request):
    user = request.user
    if not user.is_authenticated:
        return render(request, "core/home.html")
    if user.is_liaison:
        return redirect("/kasus/")
    if user.is_partner:
        return redirect("/mitra/")
    return redirect("/dasbor/")


def healthz(request):
    from django.db import connection
    from django.http import JsonResponse

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
