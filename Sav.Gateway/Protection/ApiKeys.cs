using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Sav.Gateway.Protection;

/// <summary>Checks a form script's key. Keys are compared as hashes, in constant time, against
/// every configured key, so neither a key's length nor its position in the list shows in the timing.</summary>
public sealed class ApiKeys
{
    private readonly byte[][] _hashes;

    public ApiKeys(IOptions<GatewayOptions> options, IHostEnvironment environment, ILogger<ApiKeys> logger)
    {
        var keys = options.Value.ApiKeys.Where(k => !string.IsNullOrWhiteSpace(k)).ToList();
        if (keys.Count == 0 && environment.IsDevelopment()) keys.Add(GatewayOptions.DevelopmentApiKey);
        if (keys.Count == 0) logger.LogWarning("Gateway:ApiKeys is empty: form scripts are refused, the gateway's own forms still work");
        _hashes = keys.Select(Hash).ToArray();
    }

    public bool IsValid(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 512) return false;
        var given = Hash(key);
        var valid = false;
        foreach (var expected in _hashes) valid |= CryptographicOperations.FixedTimeEquals(expected, given);
        return valid;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
