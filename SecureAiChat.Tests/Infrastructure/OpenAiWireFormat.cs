using System.Text;
using System.Text.Json.Nodes;

namespace SecureAiChat.Tests.Infrastructure;

/// <summary>
/// The OpenAI / Azure OpenAI chat completions wire format as the real services send it: JSON shapes
/// of chunks, completions and errors, and the SSE framing. Kept apart from the server so benchmarks
/// and other fakes can reuse it.
/// </summary>
public static class OpenAiWireFormat
{
    public const string Done = "[DONE]";

    /// <summary>One SSE event: <c>data: {payload}\n\n</c>.</summary>
    public static byte[] SseFrame(string payload) => Encoding.UTF8.GetBytes($"data: {payload}\n\n");

    public static string RoleChunk(string id, string model, long created) =>
        Chunk(id, model, created, new JsonObject { ["role"] = "assistant", ["content"] = "", ["refusal"] = null }, finishReason: null);

    public static string ContentChunk(string id, string model, long created, string content) =>
        Chunk(id, model, created, new JsonObject { ["content"] = content }, finishReason: null);

    public static string FinishChunk(string id, string model, long created, string finishReason) =>
        Chunk(id, model, created, new JsonObject(), finishReason);

    /// <summary>The usage chunk sent last when the request asked for <c>stream_options.include_usage</c>: empty choices.</summary>
    public static string UsageChunk(string id, string model, long created, int promptTokens, int completionTokens) =>
        new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion.chunk",
            ["created"] = created,
            ["model"] = model,
            ["system_fingerprint"] = "fp_fake",
            ["choices"] = new JsonArray(),
            ["usage"] = Usage(promptTokens, completionTokens),
        }.ToJsonString();

    /// <summary>Azure's first frame: no choices, only the prompt's content filter verdict.</summary>
    public static string AzurePromptFilterFrame() =>
        new JsonObject
        {
            ["choices"] = new JsonArray(),
            ["created"] = 0,
            ["id"] = "",
            ["model"] = "",
            ["object"] = "",
            ["prompt_filter_results"] = new JsonArray(new JsonObject
            {
                ["prompt_index"] = 0,
                ["content_filter_results"] = SafeFilterResults(),
            }),
        }.ToJsonString();

    public static string Completion(string id, string model, long created, string content, string finishReason, int promptTokens, int completionTokens) =>
        new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion",
            ["created"] = created,
            ["model"] = model,
            ["system_fingerprint"] = "fp_fake",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content, ["refusal"] = null },
                ["logprobs"] = null,
                ["finish_reason"] = finishReason,
            }),
            ["usage"] = Usage(promptTokens, completionTokens),
        }.ToJsonString();

    /// <summary>The OpenAI error envelope: <c>{"error":{"message","type","param","code"}}</c>.</summary>
    public static string Error(string message, string? type, string? code, string? param = null) =>
        new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = message,
                ["type"] = type,
                ["param"] = param,
                ["code"] = code,
            },
        }.ToJsonString();

    /// <summary>Azure's content filter refusal of a prompt (HTTP 400).</summary>
    public static string AzureContentFilterError() =>
        new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.",
                ["type"] = null,
                ["param"] = "prompt",
                ["code"] = "content_filter",
                ["status"] = 400,
                ["innererror"] = new JsonObject
                {
                    ["code"] = "ResponsibleAIPolicyViolation",
                    ["content_filter_result"] = new JsonObject
                    {
                        ["hate"] = new JsonObject { ["filtered"] = false, ["severity"] = "safe" },
                        ["self_harm"] = new JsonObject { ["filtered"] = false, ["severity"] = "safe" },
                        ["sexual"] = new JsonObject { ["filtered"] = false, ["severity"] = "safe" },
                        ["violence"] = new JsonObject { ["filtered"] = true, ["severity"] = "high" },
                    },
                },
            },
        }.ToJsonString();

    /// <summary>Azure's unknown deployment (HTTP 404); note the different envelope (no type/param).</summary>
    public static string AzureDeploymentNotFoundError() =>
        new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = "DeploymentNotFound",
                ["message"] = "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.",
            },
        }.ToJsonString();

    private static string Chunk(string id, string model, long created, JsonObject delta, string? finishReason) =>
        new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion.chunk",
            ["created"] = created,
            ["model"] = model,
            ["system_fingerprint"] = "fp_fake",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["delta"] = delta,
                ["logprobs"] = null,
                ["finish_reason"] = finishReason,
            }),
        }.ToJsonString();

    private static JsonObject Usage(int promptTokens, int completionTokens) => new()
    {
        ["prompt_tokens"] = promptTokens,
        ["completion_tokens"] = completionTokens,
        ["total_tokens"] = promptTokens + completionTokens,
    };

    private static JsonObject SafeFilterResults() => new()
    {
        ["hate"] = new JsonObject { ["filtered"] = false, ["severity"] = "safe" },
        ["self_harm"] = new JsonObject { ["filtered"] = false, ["severity"] = "safe" },
        ["sexual"] = new JsonObject { ["filtered"] = false, ["severity"] = "safe" },
        ["violence"] = new JsonObject { ["filtered"] = false, ["severity"] = "safe" },
    };
}
