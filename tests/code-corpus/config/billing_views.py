import json
import os

import stripe
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from .models import Subscription

INVOICE_DIR = "/srv/invoices"


@csrf_exempt  # ward-expect: config
@login_required
@require_POST
def cancel_subscription(request):
    sub = Subscription.objects.get(user=request.user)
    sub.cancel()
    return JsonResponse({"status": "cancelled"})


@csrf_exempt  # ward-expect: config
@login_required
def update_email(request):
    if request.method == "POST":
        request.user.email = json.loads(request.body)["email"]
        request.user.save()
    return JsonResponse({"email": request.user.email})


@login_required
def invoice_pdf(request):
    name = request.GET["f"]
    return FileResponse(open(os.path.join(INVOICE_DIR, name), "rb"))  # ward-expect: config


# ward-good: config
@csrf_exempt
@require_POST
def stripe_webhook(request):
    # server-to-server callback, authenticated by the Stripe signature instead of a CSRF token
    try:
        event = stripe.Webhook.construct_event(
            request.body, request.headers.get("Stripe-Signature"), os.environ["STRIPE_WEBHOOK_SECRET"]
        )
    except (ValueError, stripe.error.SignatureVerificationError):
        return HttpResponse(status=400)
    return HttpResponse(status=200 if event else 400)


# ward-good: config
@csrf_protect
@login_required
@require_POST
def cancel_subscription_safe(request):
    Subscription.objects.get(user=request.user).cancel()
    return JsonResponse({"status": "cancelled"})


# ward-good: config
@login_required
def invoice_pdf_safe(request, invoice_id: int):
    sub = Subscription.objects.get(user=request.user)
    invoice = sub.invoices.get(pk=invoice_id)
    return FileResponse(open(os.path.join(INVOICE_DIR, f"{invoice.pk}.pdf"), "rb"))
