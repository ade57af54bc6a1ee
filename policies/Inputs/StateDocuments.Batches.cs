using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Text.Json;

namespace Oic.Infra.Policies.Inputs;

public static partial class StateDocuments
{
    /// <summary>
    /// The resources of a stack export read on every core. The document's own reader steps from resource to
    /// resource (it checks the JSON as it goes, so a damaged document is still reported at its line and
    /// column) and hands each resource's bytes to a batch; full batches are read into property data side by
    /// side, each reader with its caches of its own, and the states come back in document order. A bounded
    /// number of batches is out at once, so the bytes held stay a few megabytes whatever the document's size.
    /// </summary>
    /// <param name="digests">Each resource's bytes are digested; with a baseline, a resource of the baseline's digest is the baseline's.</param>
    private sealed class StateBatches(string displayPath, Func<string, ExportedResource?>? baseline, bool digests) : IDisposable
    {
        /// <summary>About 250 resources of a typical export: large enough that handing a batch over costs nothing, small enough to share out 10,000.</summary>
        private const int BatchBytes = 1 << 18;

        private readonly List<Batch> _batches = [];
        private readonly ConcurrentBag<JsonValues> _readers = [];
        private readonly SemaphoreSlim _outstanding = new(Math.Max(2, Environment.ProcessorCount * 2));
        private Batch? _open;

        /// <summary>An object's bytes after its opening brace (<see cref="JsonStream.TakeObject"/>), read later.</summary>
        public void Add(ReadOnlySpan<byte> rest)
        {
            (_open ??= new Batch()).Add(rest);
            if (_open.Length >= BatchBytes) Submit(_open);
        }

        /// <summary>A state already read (a resource that is not an object), kept in its place.</summary>
        public void Add(State? state) => (_open ??= new Batch()).Add(state);

        /// <summary>Every state in document order; a resource that could not be read throws as it would have read in turn.</summary>
        public IEnumerable<State?> Finish()
        {
            // The last batch is read here: a small document is read on this thread alone.
            if (_open is { } last)
            {
                _open = null;
                _batches.Add(last);
                Read(last);
            }
            foreach (var batch in _batches)
            {
                batch.Done?.Wait();
                batch.Error?.Throw();
            }
            return _batches.SelectMany(b => b.States);
        }

        /// <summary>Waits for the batches still out (the document's reader may have stopped at an error), so that none outlives the read.</summary>
        public void Dispose()
        {
            foreach (var batch in _batches)
                batch.Done?.Wait();
            _outstanding.Dispose();
        }

        private void Submit(Batch batch)
        {
            _open = null;
            _batches.Add(batch);
            _outstanding.Wait();
            batch.Done = Task.Run(() =>
            {
                try { Read(batch); }
                finally { _outstanding.Release(); }
            });
        }

        private void Read(Batch batch)
        {
            var values = _readers.TryTake(out var reused) ? reused : new JsonValues(displayPath);
            try
            {
                for (var i = 0; i < batch.Items.Count; i++)
                {
                    var (start, length) = batch.Items[i];
                    if (length < 0) continue; // a state read in place
                    var bytes = batch.Bytes.AsSpan(start, length);
                    var digest = digests ? ResourceDigest.Of(bytes) : (ResourceDigest?)null;
                    if (digest is { } d && Unchanged(bytes, d) is { } same)
                    {
                        batch.States[i] = same;
                        continue;
                    }
                    var reader = new Utf8JsonReader(bytes, JsonValues.Options);
                    reader.Read();
                    var state = ReadState(ref reader, values, baseline);
                    batch.States[i] = state is not null && digest is not null ? state with { Digest = digest } : state;
                }
            }
            catch (Exception e)
            {
                // Rethrown on the document's thread, in document order, as it was thrown (Finish).
                batch.Error = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                batch.Release();
                _readers.Add(values);
            }
        }

        /// <summary>
        /// The baseline's state when this resource's bytes are exactly the baseline resource's (same digest): reading
        /// them would give the baseline's resource, inputs and outputs, shared (<see cref="ReadState"/>), so they are
        /// not read. The URN is the resource's first field, as Pulumi writes it (pkg/apitype ResourceV3 declares
        /// <c>urn</c> first and encoding/json writes fields in order); a resource written otherwise is simply read.
        /// </summary>
        private State? Unchanged(ReadOnlySpan<byte> resource, ResourceDigest digest)
        {
            if (baseline is null) return null;
            var reader = new Utf8JsonReader(resource, JsonValues.Options);
            if (!reader.Read() || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("urn"u8) ||
                !reader.Read() || reader.TokenType != JsonTokenType.String)
                return null;
            return baseline(reader.GetString()!) is { Digest: { } was } before && was == digest
                ? new State(true, false, before.Resource, before.Inputs, before.Outputs, null, digest)
                : null;
        }

        private sealed class Batch
        {
            // Lent by the shared pool and given back once read: a new array per batch would be a large object
            // each, and large objects are collected only with the oldest generation.
            public byte[] Bytes = ArrayPool<byte>.Shared.Rent(BatchBytes + (BatchBytes >> 2));
            public int Length;
            public readonly List<(int Start, int Length)> Items = [];
            public readonly List<State?> States = [];
            public Task? Done;
            public ExceptionDispatchInfo? Error;

            public void Add(ReadOnlySpan<byte> rest)
            {
                var needed = Length + 1 + rest.Length;
                if (needed > Bytes.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Bytes.Length * 2));
                    Bytes.AsSpan(0, Length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(Bytes);
                    Bytes = larger;
                }
                Bytes[Length] = (byte)'{';
                rest.CopyTo(Bytes.AsSpan(Length + 1));
                Items.Add((Length, 1 + rest.Length));
                States.Add(null);
                Length = needed;
            }

            public void Release()
            {
                ArrayPool<byte>.Shared.Return(Bytes);
                Bytes = [];
            }

            public void Add(State? state)
            {
                Items.Add((0, -1));
                States.Add(state);
            }
        }
    }
}
