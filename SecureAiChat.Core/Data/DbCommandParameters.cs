using System.Data.Common;

namespace SecureAiChat.Core.Data;

/// <summary>Named parameters for the few hot statements written in plain ADO.NET (every provider here accepts <c>@name</c>).</summary>
internal static class DbCommandParameters
{
    public static DbCommand WithParameter(this DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return command;
    }
}
