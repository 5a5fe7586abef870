using FunnelAutomation.Application.Learning;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Common;
using FunnelAutomation.Core.Configuration;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Nurture;
using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Routing;
using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Application.Configuration;

/// <summary>Validates, stores and activates configuration documents, and serves the active snapshot.
/// A document is validated whole before anything is stored: an invalid one changes nothing.</summary>
public sealed class ConfigurationService(IConfigStore store, IRepStore reps, FunnelOptions options, TimeProvider time, IWinModelStore? winModels = null)
{
    /// <summary>Scoring and routing are one document each per tenant; they are stored under this id.</summary>
    public const string SingletonId = "default";

    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);
    private readonly Lock _sync = new();
    private (FunnelConfiguration Config, DateTimeOffset LoadedAt)? _cache;
    private long _generation; // moved by Invalidate: a load begun before it must not cache what it read
    private Task<FunnelConfiguration>? _loading;

    public static IReadOnlyList<string> Kinds { get; } =
        [DocumentKinds.Pipeline, DocumentKinds.Scoring, DocumentKinds.Routing, DocumentKinds.Sequence];

    public static bool IsKnownKind(string kind) => Kinds.Contains(kind, StringComparer.Ordinal);

    /// <summary>Dry run: every error of the document, or none.</summary>
    public async Task<IReadOnlyList<ValidationError>> ValidateAsync(string kind, string json, CancellationToken cancellationToken)
    {
        var roster = await reps.ListAsync(cancellationToken).ConfigureAwait(false);
        return Parse(kind, json, roster).Errors;
    }

    /// <summary>Stores the document as a new version and makes it active, or returns its errors.</summary>
    public async Task<Result<StoredDocument>> ActivateAsync(string kind, string json, CancellationToken cancellationToken)
    {
        var roster = await reps.ListAsync(cancellationToken).ConfigureAwait(false);
        var parsed = Parse(kind, json, roster);
        if (!parsed.IsSuccess)
        {
            return Result<StoredDocument>.Failure(parsed.Errors);
        }

        var id = parsed.Value;
        var version = await store.SaveAndActivateAsync(kind, id, json, cancellationToken).ConfigureAwait(false);
        Invalidate();
        return Result<StoredDocument>.Success(new StoredDocument(kind, id, version, json, time.GetUtcNow()));
    }

    public Task<IReadOnlyList<StoredDocument>> ListActiveAsync(string kind, CancellationToken cancellationToken) =>
        store.ListActiveAsync(kind, cancellationToken);

    /// <summary>The active documents of a kind, ready to be read back over an API.</summary>
    public async Task<IReadOnlyList<ActiveDocument>> ReadActiveAsync(string kind, CancellationToken cancellationToken) =>
        [.. (await store.ListActiveAsync(kind, cancellationToken).ConfigureAwait(false)).Select(ActiveDocument.From)];

    /// <summary>Drops the cached snapshot (after a document or a rep changed).</summary>
    public void Invalidate()
    {
        lock (_sync)
        {
            _cache = null;
            _loading = null;
            _generation++;
        }
    }

    /// <summary>The active configuration, cached briefly so intake does not read every document per lead;
    /// other hosts see an activation within <see cref="CacheLifetime"/>. One load at a time: concurrent
    /// callers share it instead of each reading every document when the cache expires.</summary>
    public Task<FunnelConfiguration> GetAsync(CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            if (_cache is { } cached && time.GetUtcNow() - cached.LoadedAt < CacheLifetime)
            {
                return Task.FromResult(cached.Config);
            }

            var loading = _loading;
            if (loading is null)
            {
                loading = LoadAndCacheAsync(_generation);
                if (!loading.IsCompleted)
                {
                    _loading = loading; // cleared by the load itself when it ends (under this lock)
                }
            }

            return loading.WaitAsync(cancellationToken);
        }
    }

    private async Task<FunnelConfiguration> LoadAndCacheAsync(long generation)
    {
        try
        {
            // Not the caller's token: the load is shared, and one caller giving up must not fail the others.
            var config = await LoadAsync(CancellationToken.None).ConfigureAwait(false);
            lock (_sync)
            {
                // A document activated while this load ran: what it read may predate it, so it answers its own
                // callers but is not kept (the next caller loads afresh).
                if (generation == _generation)
                {
                    _cache = (config, time.GetUtcNow());
                }
            }

            return config;
        }
        finally
        {
            lock (_sync)
            {
                if (generation == _generation)
                {
                    _loading = null;
                }
            }
        }
    }

    /// <summary>The active configuration with one document swapped for a candidate (validated, never stored or
    /// activated): what a what-if replay runs against. Errors by JSON path of the document.</summary>
    public async Task<Result<FunnelConfiguration>> WithCandidateAsync(string kind, string json, CancellationToken cancellationToken)
    {
        var roster = await reps.ListAsync(cancellationToken).ConfigureAwait(false);
        var parsed = Parse(kind, json, roster);
        return parsed.IsSuccess
            ? Result<FunnelConfiguration>.Success(await LoadAsync(cancellationToken, (kind, json)).ConfigureAwait(false))
            : Result<FunnelConfiguration>.Failure(parsed.Errors);
    }

    /// <summary>Loads the sample documents of a folder (pipelines/, sequences/, scoring.json, routing.json,
    /// reps.json) when the store has none of a kind yet: a fresh install works out of the box.</summary>
    public async Task SeedAsync(string directory, CancellationToken cancellationToken)
    {
        if ((await reps.ListAsync(cancellationToken).ConfigureAwait(false)).Count == 0)
        {
            var roster = RepRoster.Load(await File.ReadAllTextAsync(Path.Combine(directory, "reps.json"), cancellationToken).ConfigureAwait(false));
            if (!roster.IsSuccess)
            {
                throw new InvalidOperationException("samples/reps.json is invalid: " + string.Join("; ", roster.Errors));
            }

            foreach (var rep in roster.Value.Reps)
            {
                await reps.UpsertAsync(rep, cancellationToken).ConfigureAwait(false);
            }
        }

        var files = new List<(string Kind, string Path)>();
        files.AddRange(Directory.EnumerateFiles(Path.Combine(directory, "pipelines"), "*.json").Order(StringComparer.Ordinal).Select(f => (DocumentKinds.Pipeline, f)));
        files.Add((DocumentKinds.Scoring, Path.Combine(directory, "scoring.json")));
        files.Add((DocumentKinds.Routing, Path.Combine(directory, "routing.json")));
        files.AddRange(Directory.EnumerateFiles(Path.Combine(directory, "sequences"), "*.json").Order(StringComparer.Ordinal).Select(f => (DocumentKinds.Sequence, f)));
        foreach (var group in files.GroupBy(f => f.Kind))
        {
            if ((await store.ListActiveAsync(group.Key, cancellationToken).ConfigureAwait(false)).Count > 0)
            {
                continue;
            }

            foreach (var (kind, path) in group)
            {
                var result = await ActivateAsync(kind, await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                if (!result.IsSuccess)
                {
                    throw new InvalidOperationException($"{path} is invalid: " + string.Join("; ", result.Errors));
                }
            }
        }
    }

    /// <summary>Validates a document of any kind and returns the id it is stored under.</summary>
    private static Result<string> Parse(string kind, string json, IReadOnlyList<Rep> roster)
    {
        switch (kind)
        {
            case DocumentKinds.Pipeline:
                var pipeline = PipelineDefinition.Load(json);
                return pipeline.IsSuccess ? Result<string>.Success(pipeline.Value.Id) : Result<string>.Failure(pipeline.Errors);
            case DocumentKinds.Sequence:
                var sequence = SequenceDefinition.Load(json);
                return sequence.IsSuccess ? Result<string>.Success(sequence.Value.Id) : Result<string>.Failure(sequence.Errors);
            case DocumentKinds.Scoring:
                var model = ScoringModel.Load(json);
                return model.IsSuccess ? Result<string>.Success(SingletonId) : Result<string>.Failure(model.Errors);
            case DocumentKinds.Routing:
                var rules = RoutingRules.Load(json);
                if (!rules.IsSuccess)
                {
                    return Result<string>.Failure(rules.Errors);
                }

                var crossChecked = rules.Value.Validate(roster);
                return crossChecked.Count == 0 ? Result<string>.Success(SingletonId) : Result<string>.Failure(crossChecked);
            default:
                return Result<string>.Failure("$.kind", $"unknown kind \"{kind}\"; use one of {string.Join(", ", Kinds)}");
        }
    }

    /// <param name="candidate">A validated document that takes the place of the active one of its kind (and id).</param>
    private async Task<FunnelConfiguration> LoadAsync(CancellationToken cancellationToken, (string Kind, string Json)? candidate = null)
    {
        var pipelines = new Dictionary<string, PipelineDefinition>(StringComparer.Ordinal);
        foreach (var doc in await store.ListActiveAsync(DocumentKinds.Pipeline, cancellationToken).ConfigureAwait(false))
        {
            var pipeline = PipelineDefinition.Load(doc.Json).Value;
            pipelines[pipeline.Id] = pipeline;
        }

        if (candidate is (DocumentKinds.Pipeline, var pipelineJson))
        {
            var pipeline = PipelineDefinition.Load(pipelineJson).Value;
            pipelines[pipeline.Id] = pipeline;
        }

        var scoring = candidate is (DocumentKinds.Scoring, var scoringJson) ? scoringJson : await Single(DocumentKinds.Scoring, cancellationToken).ConfigureAwait(false);
        var routing = candidate is (DocumentKinds.Routing, var routingJson) ? routingJson : await Single(DocumentKinds.Routing, cancellationToken).ConfigureAwait(false);
        var roster = await reps.ListAsync(cancellationToken).ConfigureAwait(false);
        var router = LeadRouter.Create(RoutingRules.Load(routing).Value, roster);
        if (!router.IsSuccess)
        {
            throw new InvalidOperationException("The active routing rules do not fit the reps: " + string.Join("; ", router.Errors));
        }

        var versions = await store.ListAllVersionsAsync(DocumentKinds.Sequence, cancellationToken).ConfigureAwait(false);
        var active = await store.ListActiveAsync(DocumentKinds.Sequence, cancellationToken).ConfigureAwait(false);
        var definitions = versions.Select(v => SequenceDefinition.Load(v.Json).Value with { Version = v.Version }).ToList();
        var activeVersions = active.ToDictionary(a => a.Id, a => a.Version, StringComparer.Ordinal);
        if (candidate is (DocumentKinds.Sequence, var sequenceJson))
        {
            // The candidate as the next version of its id, active in place of the current one.
            var sequence = SequenceDefinition.Load(sequenceJson).Value;
            var version = versions.Where(v => v.Id == sequence.Id).Select(v => v.Version).DefaultIfEmpty(0).Max() + 1;
            definitions.Add(sequence with { Version = version });
            activeVersions[sequence.Id] = version;
        }

        var catalog = new SequenceCatalog(definitions, activeVersions);
        var settings = JourneySettings.Default with
        {
            RepSla = TimeSpan.FromHours(options.RepSlaHours),
            SendWindowStartHour = options.SendWindowStartHour,
            SendWindowEndHour = options.SendWindowEndHour,
            BusinessDays = options.SendDays.Length > 0 ? options.SendDays : JourneySettings.Default.BusinessDays,
            MaxEmailsPerDay = Math.Max(1, options.MaxEmailsPerDay),
        };
        // The active win model is part of the snapshot, so activating one (which invalidates the cache) reaches
        // every scorer at once, and no lead reads the model table.
        var winModel = winModels is not null && await winModels.GetActiveVersionAsync(cancellationToken).ConfigureAwait(false) is { } winVersion
            ? await winModels.GetAsync(winVersion, cancellationToken).ConfigureAwait(false)
            : null;
        return new FunnelConfiguration(pipelines, options.DefaultPipeline, new LeadScorer(ScoringModel.Load(scoring).Value), router.Value, catalog, settings, winModel);
    }

    private async Task<string> Single(string kind, CancellationToken cancellationToken)
    {
        var docs = await store.ListActiveAsync(kind, cancellationToken).ConfigureAwait(false);
        return docs.Count > 0
            ? docs[0].Json
            : throw new InvalidOperationException($"No {kind} document is active; activate one through /api/config/{kind}.");
    }
}
