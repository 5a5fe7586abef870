#!/usr/bin/env node
// Two scaling fixes to the pinned Azurite (3.37.0), so that a local run with thousands of journeys is not
// quadratic in their number. Neither changes what any request returns; Azure Storage itself has neither problem.
//
// 1. Tables: a partition query and a point lookup start from the PartitionKey index.
//
// Why: Azurite 3.37.0 answers every table query by filtering the whole table (LokiTableMetadataStore
// .queryTableEntities: chain().where(filter)), so a query for one partition costs time in proportion to the
// whole table. The Durable Task engine reads an instance's History with such a query at every episode, and the
// History table holds every episode of every journey, so a local run slows down as N^2 with the number of
// leads (2,000 journeys took 884 s to start; 10,000 would take hours). Azure Table Storage serves a partition
// query from its partition index, so this makes the emulator behave like the service it stands in for.
//
// Point reads and writes have the same problem in a smaller way: Azurite looks an entity up with
// findOne({ RowKey, PartitionKey }), which LokiJS serves from the RowKey index and then scans every row with that
// RowKey. The Instances table has RowKey "" in every row, and History rows share their RowKeys (sequence
// numbers) with every other instance, so each read, insert or update scans most of the table.
//
// What:
// - When a query's filter is `PartitionKey eq '<string>'`, alone or as one side of an `and` at the top of the
//   filter, the result set starts from the collection's PartitionKey index instead of the whole collection. The
//   original filter still runs over those rows, so what a query returns is unchanged.
// - A point lookup starts from whichever of the two indexes (PartitionKey, RowKey) holds fewer rows with the
//   wanted value; both conditions still apply, so the entity found is the same.
// Both use the LokiJS binary indexes Azurite already declares and maintains on every table collection.
//
// 2. Queues: a receive, delete or update no longer rebuilds every index of the message store.
//
// Why: each of them first clears expired messages with `coll.remove(docs)`, and LokiJS answers a batch remove
// (even of no documents) by re-sorting every binary index of the collection, which holds the messages of every
// queue. The engine's control queues hold one delayed message per journey's durable timer, so with 10,000
// journeys each queue request re-sorted four indexes of 10,000+ messages: profiled, 74 % of Azurite's time.
//
// A receive then marks the messages it hands out with `coll.update(docs)`, a batch update, which LokiJS also ends
// with a full re-sort of every index (even for an empty poll): 66 % of Azurite's time once the first was gone.
//
// And the expiry sweep itself scans the queue's messages on every request: 43 % of Azurite's time after that.
//
// What: the expired messages are removed only when there are some, and at most once a second per queue (a
// receive or peek skips an expired message by itself, so none is handed out meanwhile); the received ones are
// updated one by one (LokiJS moves each in its indexes); a queue's messages are looked up from the queueName
// index rather than the accountName one (the same for every message).
//
// 3. Extents: the garbage collector of message and blob bodies deletes an extent without rebuilding the index.
//
// Why: `deleteExtent` is `findAndRemove({ id })`, a batch remove, so the same full index re-sort runs once per
// deleted extent; after a burst of queue traffic the collector deleted thousands in a row, each re-sorting the
// index of all extents, and (each await resolving at once) starved every request meanwhile: profiled at 99 %.
//
// What: the extent is found by its id index and removed as one document, which LokiJS updates in place.
//
// Run by `npm ci` (postinstall) and by scripts/run.sh and scripts/test.sh; idempotent. It refuses loudly if the
// Azurite code it patches is not the code it knows, so an Azurite upgrade cannot silently lose it.
"use strict";
const fs = require("fs");
const path = require("path");

const MARKER = "funnel-automation: partition index";
const QUEUE_MARKER = "funnel-automation: queue index v2";
const EXTENT_MARKER = "funnel-automation: extent removal";
const root = path.resolve(__dirname, "..");
const persistence = (service, file) => path.join(root, "node_modules/azurite/dist/src", service, "persistence", file);

function fail(message) {
  console.error(`patch-azurite: ${message}; update scripts/patch-azurite.js (Azurite other than 3.37.0?)`);
  process.exit(1);
}

function patchFile(file, marker, patch) {
  if (!fs.existsSync(file)) {
    console.error(`patch-azurite: ${file} not found (run npm ci first)`);
    process.exit(1);
  }
  let source = fs.readFileSync(file, "utf8");
  if (source.includes(marker)) return;
  if (source.includes("funnel-automation:")) {
    // An earlier version of these patches: put back the pinned Azurite (its postinstall patches it afresh).
    console.log("patch-azurite: an earlier patch is installed; reinstalling the pinned Azurite (npm ci)");
    require("child_process").execSync("npm ci --no-audit --no-fund --loglevel=error", { cwd: root, stdio: "inherit" });
    source = fs.readFileSync(file, "utf8");
    if (source.includes(marker)) return;
  }
  fs.writeFileSync(file, patch(source));
  console.log(`patch-azurite: patched ${path.relative(root, file)} (${marker})`);
}

/** Replaces each of `from` by `to`, failing unless it occurs exactly `times` times. */
function replaceExactly(source, from, to, times) {
  const found = source.split(from).length - 1;
  if (found !== times) fail(`expected ${times} of ${JSON.stringify(from.trim().slice(0, 60))}, found ${found}`);
  return source.split(from).join(to);
}

// The helpers the patched table store calls; a module-level constant, so the patch function reads as its three edits.
const TABLE_HELPERS = `
// ${MARKER} (scripts/patch-azurite.js): a partition query starts from the PartitionKey index.
const FunnelQueryParser = tslib_1.__importDefault(require("./QueryInterpreter/QueryParser")).default;
const FunnelAndNode = tslib_1.__importDefault(require("./QueryInterpreter/QueryNodes/AndNode")).default;
const FunnelEqualsNode = tslib_1.__importDefault(require("./QueryInterpreter/QueryNodes/EqualsNode")).default;
const FunnelIdentifierNode = tslib_1.__importDefault(require("./QueryInterpreter/QueryNodes/IdentifierNode")).default;
const FunnelConstantNode = tslib_1.__importDefault(require("./QueryInterpreter/QueryNodes/ConstantNode")).default;
function funnelPartitionKeyOf(node) {
    if (node instanceof FunnelAndNode) {
        const left = funnelPartitionKeyOf(node.left);
        return left !== undefined ? left : funnelPartitionKeyOf(node.right);
    }
    if (node instanceof FunnelEqualsNode) {
        const sides = [node.left, node.right];
        const key = sides.some((n) => n instanceof FunnelIdentifierNode && n.identifier === "PartitionKey");
        const constant = sides.find((n) => n instanceof FunnelConstantNode && typeof n.value === "string");
        if (key && constant) return constant.value;
    }
    return undefined;
}
function funnelPartitionScope(chain, filter) {
    if (typeof filter !== "string" || filter === "") return chain;
    let partitionKey;
    try {
        partitionKey = funnelPartitionKeyOf(FunnelQueryParser(filter));
    }
    catch (e) {
        return chain; // the filter's own validation (generateQueryForPersistenceLayer) reports the error
    }
    return partitionKey === undefined ? chain : chain.find({ PartitionKey: partitionKey });
}
function funnelFindEntity(collection, partitionKey, rowKey) {
    const [pFirst, pLast] = collection.calculateRange("$eq", "PartitionKey", partitionKey);
    const [rFirst, rLast] = collection.calculateRange("$eq", "RowKey", rowKey);
    // LokiJS serves the first condition from its index and filters the rest: lead with the narrower one.
    return pLast - pFirst <= rLast - rFirst
        ? collection.findOne({ PartitionKey: partitionKey, RowKey: rowKey })
        : collection.findOne({ RowKey: rowKey, PartitionKey: partitionKey });
}
`;

patchFile(persistence("table", "LokiTableMetadataStore.js"), MARKER, (source) => {
  const lookup = /(\w+)\.findOne\(\{\s*RowKey: ([\w.]+),\s*PartitionKey: ([\w.]+)\s*\}\)/g;
  const lookups = (source.match(lookup) || []).length;
  if (lookups !== 6) fail(`expected 6 entity lookups in the table store, found ${lookups}`);
  let patched = source.replace(lookup, "funnelFindEntity($1, $3, $2)");
  patched = replaceExactly(patched, `        const result = tableEntityCollection
            .chain()
            .where(queryWhere)`,
    `        const result = funnelPartitionScope(tableEntityCollection.chain(), queryOptions.filter)
            .where(queryWhere)`, 1);
  return replaceExactly(patched, "\nclass LokiTableMetadataStore {", `${TABLE_HELPERS}\nclass LokiTableMetadataStore {`, 1);
});

patchFile(persistence("queue", "LokiQueueMetadataStore.js"), QUEUE_MARKER, (source) => {
  let patched = replaceExactly(source, `            .find(query)
            .data();
        coll.remove(docs);`, `            .find(query)
            .data();
        if (docs.length > 0) coll.remove(docs); // ${QUEUE_MARKER} (scripts/patch-azurite.js): no index rebuild for nothing`, 1);
  patched = replaceExactly(patched, `            timeNextVisible: { $lte: queryTime }
        };`, `            timeNextVisible: { $lte: queryTime },
            expirationTime: { $gt: queryTime } // ${QUEUE_MARKER}: expired messages are skipped between sweeps
        };`, 2);
  patched = replaceExactly(patched, `    async clearExpiredMessages(account, queue, context) {
        this.checkQueueExist(account, queue, context);`, `    async clearExpiredMessages(account, queue, context) {
        this.checkQueueExist(account, queue, context);
        // ${QUEUE_MARKER}: sweep a queue at most once a second
        const funnelNow = Date.now();
        this.funnelSwept = this.funnelSwept || new Map();
        if (funnelNow - (this.funnelSwept.get(account + "/" + queue) || 0) < 1000) return;
        this.funnelSwept.set(account + "/" + queue, funnelNow);`, 1);
  for (const [field, times] of [["timeNextVisible", 2], ["expirationTime", 1]]) {
    patched = replaceExactly(patched, `            accountName: account,
            queueName: queue,
            ${field}:`, `            queueName: queue,
            accountName: account,
            ${field}:`, times);
  }
  patched = replaceExactly(patched, `        coll.update(docs);`, `        for (const doc of docs) coll.update(doc); // ${QUEUE_MARKER}: no index rebuild per receive`, 1);
  return replaceExactly(patched, "const query = { accountName: account, queueName: queue };", "const query = { queueName: queue, accountName: account };", 1);
});

patchFile(persistence("common", "LokiExtentMetadataStore.js"), EXTENT_MARKER, (source) =>
  replaceExactly(source, `        return coll.findAndRemove({ id: extentId });`, `        // ${EXTENT_MARKER} (scripts/patch-azurite.js): one document, no index rebuild
        const doc = coll.findOne({ id: extentId });
        if (doc) coll.remove(doc);`, 1));
