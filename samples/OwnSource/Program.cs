using OwnSource;
using StaleSnapshot.Runtime;

// A user's own OPA-shaped source, before and after putting an OrderedNotifier<T> behind it: many threads
// publish route tables at once, a listener keeps "the routes I serve"; afterwards, does it serve the newest?
const int Rounds = 100;
const int Publishers = 8;

Console.WriteLine($"{Rounds} rounds of {Publishers} threads publishing route tables at once:");
Console.WriteLine($"  hand-written source: {await CountStaleRoundsAsync(() => new HandWrittenRouteTable())} rounds ended serving an older table");
Console.WriteLine($"  OrderedNotifier<T>:  {await CountStaleRoundsAsync(() => new OrderedRouteTable())} rounds ended serving an older table");

static async Task<int> CountStaleRoundsAsync(Func<IRouteTable> newTable)
{
    var stale = 0;
    for (var round = 0; round < Rounds; round++)
    {
        var table = newTable();
        Routes? serving = null;
        table.OnChange(routes =>
        {
            Thread.Sleep(Random.Shared.Next(3)); // rebuilding the router takes a moment
            serving = routes;
        });
        using var start = new Barrier(Publishers);
        var revisions = Enumerable.Range(1, Publishers).ToArray();
        Random.Shared.Shuffle(revisions);
        var publishers = revisions.Select(revision => new Thread(() =>
        {
            start.SignalAndWait();
            table.Publish(new Routes(revision, [$"/v{revision}"]));
        })).ToList();
        publishers.ForEach(p => p.Start());
        publishers.ForEach(p => p.Join());
        if (table is OrderedRouteTable ordered)
        {
            await ordered.WhenIdleAsync();
            ordered.Dispose();
        }
        if (serving?.Revision != table.Current().Revision) stale++;
    }
    return stale;
}
