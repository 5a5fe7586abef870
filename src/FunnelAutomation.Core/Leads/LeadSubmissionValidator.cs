using System.Globalization;
using FunnelAutomation.Core.Common;

namespace FunnelAutomation.Core.Leads;

/// <summary>Turns raw submitted fields (strings from a form, JSON, CSV or a queue message) into a valid
/// <see cref="LeadProfile"/>, or every field error at once. Field names are matched case-insensitively;
/// fields the product does not know (UTM tags, form ids) are ignored rather than refused.</summary>
public static class LeadSubmissionValidator
{
    public const int MaxTextLength = 200;

    public static Result<LeadProfile> Validate(IReadOnlyDictionary<string, string?> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var reader = new FieldReader(fields);
        var email = reader.Text(LeadFields.Email, EmailAddress.MaxLength);
        if (email is null && !reader.Errors.Exists(e => e.Path == LeadFields.Email))
        {
            reader.Error(LeadFields.Email, "required");
        }
        else if (email is not null && !EmailAddress.IsValid(email))
        {
            reader.Error(LeadFields.Email, "not a valid email address");
        }

        var country = reader.Text(LeadFields.Country, 2);
        if (country is not null && (country.Length != 2 || !char.IsAsciiLetter(country[0]) || !char.IsAsciiLetter(country[1])))
        {
            reader.Error(LeadFields.Country, "use a two-letter ISO 3166 country code such as \"DE\"");
        }

        var timeZone = reader.Text(LeadFields.TimeZone, 64);
        if (timeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            reader.Error(LeadFields.TimeZone, $"unknown time zone \"{timeZone}\" (use an IANA name such as \"Europe/Berlin\")");
        }

        var domain = reader.Text(LeadFields.CompanyDomain, 253);
        if (domain is not null && (!domain.Contains('.', StringComparison.Ordinal) || domain.Contains('@', StringComparison.Ordinal) || domain.Contains(' ', StringComparison.Ordinal)))
        {
            reader.Error(LeadFields.CompanyDomain, "not a domain name such as \"acme.com\"");
        }

        var profile = new LeadProfile
        {
            Email = email is null ? string.Empty : EmailAddress.Normalize(email),
            FirstName = reader.Text(LeadFields.FirstName),
            LastName = reader.Text(LeadFields.LastName),
            Company = reader.Text(LeadFields.Company),
            CompanyDomain = domain?.ToLowerInvariant(),
            JobTitle = reader.Text(LeadFields.JobTitle),
            Industry = reader.Text(LeadFields.Industry)?.ToLowerInvariant(),
            Employees = reader.Integer(LeadFields.Employees, 1, 10_000_000),
            Country = country?.ToUpperInvariant(),
            Phone = reader.Text(LeadFields.Phone, 40),
            Source = reader.Text(LeadFields.Source, 64)?.ToLowerInvariant() ?? "website",
            TimeZone = timeZone,
            Qualification = new Qualification
            {
                Budget = reader.Decimal(LeadFields.Budget),
                IsDecisionMaker = reader.Boolean(LeadFields.DecisionMaker),
                Need = reader.Need(LeadFields.Need),
                TimelineMonths = reader.Integer(LeadFields.TimelineMonths, 0, 120),
                CompetitorInvolved = reader.Boolean(LeadFields.CompetitorInvolved),
            },
        };

        return reader.Errors.Count == 0 ? Result<LeadProfile>.Success(profile) : Result<LeadProfile>.Failure(reader.Errors);
    }

    private sealed class FieldReader(IReadOnlyDictionary<string, string?> fields)
    {
        public List<ValidationError> Errors { get; } = [];

        public void Error(string field, string reason) => Errors.Add(new ValidationError(field, reason));

        public string? Text(string field, int maxLength = MaxTextLength)
        {
            var raw = Raw(field);
            if (raw is null)
            {
                return null;
            }

            var value = raw.Trim();
            if (value.Length == 0)
            {
                return null;
            }

            if (value.Length > maxLength)
            {
                Error(field, $"longer than {maxLength} characters");
                return null;
            }

            if (Utf8Text.HasReplacement(value))
            {
                Error(field, Utf8Text.NotUtf8Reason);
                return null;
            }

            for (var i = 0; i < value.Length; i++)
            {
                if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                    continue;
                }

                if (char.IsControl(value[i]) || char.IsSurrogate(value[i]))
                {
                    Error(field, "contains control characters or broken Unicode");
                    return null;
                }
            }

            return value;
        }

        public int? Integer(string field, int min, int max)
        {
            var text = Text(field, 16);
            if (text is null)
            {
                return null;
            }

            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                Error(field, $"must be a whole number from {min} to {max}");
                return null;
            }

            return value;
        }

        public decimal? Decimal(string field)
        {
            var text = Text(field, 32);
            if (text is null)
            {
                return null;
            }

            if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || value < 0 || value > 1_000_000_000_000m)
            {
                Error(field, "must be a non-negative amount such as 25000");
                return null;
            }

            return value;
        }

        public bool? Boolean(string field)
        {
            var text = Text(field, 8);
            switch (text?.ToLowerInvariant())
            {
                case null:
                    return null;
                case "true" or "yes" or "on" or "1":
                    return true;
                case "false" or "no" or "off" or "0":
                    return false;
                default:
                    Error(field, "must be true or false");
                    return null;
            }
        }

        public NeedLevel? Need(string field)
        {
            var text = Text(field, 16);
            if (text is null)
            {
                return null;
            }

            if (Enum.TryParse<NeedLevel>(text, ignoreCase: true, out var level) && !int.TryParse(text, out _))
            {
                return level;
            }

            Error(field, "must be one of none, low, medium, high");
            return null;
        }

        private string? Raw(string field)
        {
            if (fields.TryGetValue(field, out var value))
            {
                return value;
            }

            foreach (var pair in fields)
            {
                if (string.Equals(pair.Key, field, StringComparison.OrdinalIgnoreCase))
                {
                    return pair.Value;
                }
            }

            return null;
        }
    }
}
