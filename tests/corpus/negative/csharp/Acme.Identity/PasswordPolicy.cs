using System.Linq;

namespace Acme.Identity
{
    public static class PasswordPolicy
    {
        public const int MinLength = 12;
        public const int MaxLength = 128;
        public const string PasswordFieldName = "password";
        public const string SecretHeaderName = "X-Acme-Secret";

        public static (bool Ok, string Error) Validate(string password, string confirmPassword)
        {
            if (string.IsNullOrEmpty(password))
                return (false, "Password is required.");
            if (password != confirmPassword)
                return (false, "Passwords do not match.");
            if (password.Length < MinLength)
                return (false, $"Password must be at least {MinLength} characters.");
            if (!password.Any(char.IsDigit) || !password.Any(char.IsUpper))
                return (false, "Password needs a digit and an upper-case letter.");
            return (true, string.Empty);
        }
    }
}
