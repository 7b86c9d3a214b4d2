using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Telegram.Bot;

namespace Acme.Notifications
{
    public sealed class TelegramNotifier : INotifier
    {
        private const string BotToken = "7445452740:AAj1C0sDbwm4Cpwvv9r1y3PmMrn0y4IrJEC";
        private const long OpsChatId = -1001822734561;

        private readonly TelegramBotClient _client;
        private readonly ILogger<TelegramNotifier> _logger;

        public TelegramNotifier(ILogger<TelegramNotifier> logger)
        {
            _client = new TelegramBotClient(BotToken);
            _logger = logger;
        }

        public async Task NotifyAsync(string message, CancellationToken ct = default)
        {
            _logger.LogInformation("Sending Telegram alert ({Length} chars)", message.Length);
            await _client.SendTextMessageAsync(OpsChatId, message, cancellationToken: ct);
        }
    }
}
