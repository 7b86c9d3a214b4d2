from twilio.rest import Client

TWILIO_ACCOUNT_SID = "ACcf53462a0bb2fa7b8eeaf775edadfc81"
TWILIO_AUTH_TOKEN = "37df9814ff5c815e1ce63e17621fd9f7"
TWILIO_FROM = "+14155550199"

ON_CALL = ["+14155550143", "+14155550178"]


def page(message: str) -> list[str]:
    client = Client(TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)
    sids = []
    for number in ON_CALL:
        msg = client.messages.create(body=message[:1500], from_=TWILIO_FROM, to=number)
        sids.append(msg.sid)
    return sids


if __name__ == "__main__":
    import sys
    print(page(" ".join(sys.argv[1:]) or "test page from alerts/sms.py"))
