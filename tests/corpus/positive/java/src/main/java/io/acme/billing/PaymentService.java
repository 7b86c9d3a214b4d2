package io.acme.billing;

import com.stripe.Stripe;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentCreateParams;
import com.twilio.Twilio;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import org.springframework.stereotype.Service;

@Service
public class PaymentService {

    private static final String STRIPE_KEY = "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";
    private static final String TWILIO_ACCOUNT_SID = "AC68c461993806439c477e40eca07b572c";
    private static final String TWILIO_API_KEY = "SK15fc2c4a760aa9cdce39504f384d8e48";
    private static final String TWILIO_API_SECRET = "HoGqglfT75pQUVNZIarXZIZYO6yVaybG";

    public PaymentService() {
        Stripe.apiKey = STRIPE_KEY;
        Twilio.init(TWILIO_API_KEY, TWILIO_API_SECRET, TWILIO_ACCOUNT_SID);
    }

    public PaymentIntent charge(long amountCents, String currency, String customerId) throws StripeException {
        PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
                .setAmount(amountCents)
                .setCurrency(currency)
                .setCustomer(customerId)
                .setAutomaticPaymentMethods(
                        PaymentIntentCreateParams.AutomaticPaymentMethods.builder().setEnabled(true).build())
                .build();
        return PaymentIntent.create(params);
    }

    public void sendReceipt(String phone, String text) {
        Message.creator(new PhoneNumber(phone), new PhoneNumber("+14155550123"), text).create();
    }
}
