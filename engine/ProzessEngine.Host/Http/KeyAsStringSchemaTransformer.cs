using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ProzessEngine.Host.Http;

/// <summary>
/// <see cref="KeyAsStringConverter"/> writes every <see cref="long"/> as a string, which the OpenAPI generator cannot see
/// through a custom converter: without this, keys had no type in /openapi/v1.json, and a client generated from it (the
/// designer's) could not tell that a key is a string.
/// </summary>
internal sealed class KeyAsStringSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(long) || type == typeof(long?))
        {
            schema.Type = type == typeof(long) ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
            schema.Pattern = "^[0-9]+$";
        }

        return Task.CompletedTask;
    }
}
