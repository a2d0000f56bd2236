using ProzessEngine.Host.Http;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Endpoints;

public sealed record PageRequest(int? From, int? Limit)
{
    public static Page Resolve(PageRequest? page)
    {
        var from = page?.From ?? 0;
        var limit = page?.Limit ?? 100;
        if (from < 0)
        {
            throw RequestValidationException.For("page.from", "must be 0 or more.");
        }

        if (limit is < 1 or > Page.MaxLimit)
        {
            throw RequestValidationException.For("page.limit", $"must be between 1 and {Page.MaxLimit}.");
        }

        return new Page(from, limit);
    }
}

public sealed record PageInfo(int TotalItems);

public sealed record SearchResponse<T>(IReadOnlyList<T> Items, PageInfo Page);

public static class SearchResponse
{
    public static SearchResponse<T> From<T>(PagedResult<T> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new SearchResponse<T>(result.Items, new PageInfo(result.TotalItems));
    }
}
