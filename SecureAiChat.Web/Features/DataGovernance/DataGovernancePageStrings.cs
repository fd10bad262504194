namespace SecureAiChat.Web.Features.DataGovernance;

/// <summary>Marker for Features/DataGovernance/DataGovernancePageStrings.resx: the データ管理 page and its nav link.</summary>
public sealed class DataGovernancePageStrings;
