using System.Globalization;
using EllipticCurve;
using SendGrid.Helpers.EventWebhook;

namespace FunnelAutomation.Azure.Email;

/// <summary>Checks SendGrid's Signed Event Webhook: the signature header is a base64 DER ECDSA
/// (P-256, SHA-256) signature over <c>timestamp + body</c>, verified with the account's verification key
/// (base64 DER SubjectPublicKeyInfo, from the SendGrid settings). Unsigned, forged, tampered and stale
/// posts are refused; the freshness window bounds how long a captured post can be replayed.</summary>
public sealed class SendGridWebhookVerifier
{
    public const string SignatureHeader = RequestValidator.SIGNATURE_HEADER;
    public const string TimestampHeader = RequestValidator.TIMESTAMP_HEADER;

    private readonly RequestValidator _validator = new();
    private readonly PublicKey _publicKey;
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxAge;

    /// <param name="publicKey">The verification key as SendGrid shows it (base64, PEM armour optional).</param>
    /// <param name="maxAge">How old (or how far in the future) a timestamp may be; 10 minutes by default.</param>
    public SendGridWebhookVerifier(string publicKey, TimeProvider time, TimeSpan? maxAge = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(publicKey);
        ArgumentNullException.ThrowIfNull(time);
        try
        {
            _publicKey = _validator.ConvertPublicKeyToECDSA(publicKey.Trim());
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or IndexOutOfRangeException or ArithmeticException or InvalidOperationException or KeyNotFoundException)
        {
            throw new ArgumentException("The SendGrid webhook verification key is not a base64 DER EC public key.", nameof(publicKey), ex);
        }

        _time = time;
        _maxAge = maxAge ?? TimeSpan.FromMinutes(10);
    }

    /// <param name="payload">The request body exactly as received (not re-serialised).</param>
    /// <param name="signature">The <see cref="SignatureHeader"/> value.</param>
    /// <param name="timestamp">The <see cref="TimestampHeader"/> value (Unix seconds).</param>
    public SendGridWebhookVerification Verify(string payload, string? signature, string? timestamp)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (string.IsNullOrWhiteSpace(signature) || string.IsNullOrWhiteSpace(timestamp))
        {
            return SendGridWebhookVerification.Invalid($"unsigned: the {SignatureHeader} and {TimestampHeader} headers are required");
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253_402_300_799)
        {
            return SendGridWebhookVerification.Invalid("the timestamp is not Unix seconds");
        }

        var age = _time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (age.Duration() > _maxAge)
        {
            return SendGridWebhookVerification.Invalid($"stale: the timestamp is {age.Duration().TotalMinutes:F0} minutes off (at most {_maxAge.TotalMinutes:F0} allowed)");
        }

        bool valid;
        try
        {
            valid = _validator.VerifySignature(_publicKey, payload, signature.Trim(), timestamp);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or IndexOutOfRangeException or ArithmeticException or InvalidOperationException)
        {
            // The library throws on a signature that is not base64 DER; that is a forgery too.
            valid = false;
        }

        return valid ? SendGridWebhookVerification.Valid : SendGridWebhookVerification.Invalid("the signature does not match the body");
    }
}
