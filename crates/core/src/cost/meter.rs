//! The meter: the only place a ledger row is built. Every call through the pipeline gets one, whether it ended,
//! failed, or was dropped by its caller; streamed calls are metered by wrapping their stream.

use std::pin::Pin;
use std::sync::{Arc, RwLock};
use std::task::{Context, Poll};
use std::time::Instant;

use futures::Stream;

use super::budget_book::{BudgetBook, Hold};
use super::money::{Cost, PriceSource};
use super::pricing::{PriceQuery, Pricer};
use super::tokens::TextTally;
use crate::error::{Error, ErrorCategory, Result};
use crate::events::Events;
use crate::ir::{StreamChunk, Usage};
use crate::ledger_writer;
use crate::origin::Origin;
use crate::providers::ChunkStream;
use crate::router::execute::Served;
use crate::store::ledger::{CallStatus, LedgerEntry};
use crate::store::providers::ProviderRecord;

/// What the meter and the budgets share: where rows go, the prices, the budgets, the broadcasts.
pub struct Books {
    ledger: tokio::sync::mpsc::UnboundedSender<ledger_writer::Message>,
    pricer: RwLock<Pricer>,
    pub budgets: BudgetBook,
    pub events: Events,
    pub metrics: super::metrics::CallMetrics,
    /// Whether rows are being written; the one door asks it before every call.
    pub ledger_health: Arc<ledger_writer::Health>,
    /// Requests and tokens per minute per access key; the one door asks it, the meter feeds it.
    pub rate_limiter: crate::rate_limit::RateLimiter,
}

impl Books {
    pub fn new(
        ledger: tokio::sync::mpsc::UnboundedSender<ledger_writer::Message>,
        pricer: Pricer,
        budgets: BudgetBook,
        events: Events,
        ledger_health: Arc<ledger_writer::Health>,
        rate_limiter: crate::rate_limit::RateLimiter,
    ) -> Self {
        Self {
            ledger,
            pricer: RwLock::new(pricer),
            budgets,
            events,
            metrics: Default::default(),
            ledger_health,
            rate_limiter,
        }
    }

    pub fn pricer(&self) -> Pricer {
        self.pricer.read().unwrap().clone()
    }

    pub fn set_pricer(&self, pricer: Pricer) {
        *self.pricer.write().unwrap() = pricer;
    }

    pub fn ledger(&self) -> &tokio::sync::mpsc::UnboundedSender<ledger_writer::Message> {
        &self.ledger
    }

    fn record(&self, entry: LedgerEntry) {
        self.metrics.observe(&entry);
        if let Some(key_id) = &entry.access_key_id {
            let tokens = u64::from(entry.usage.input_tokens) + u64::from(entry.usage.output_tokens);
            self.rate_limiter.spend(key_id, tokens);
        }
        if self.ledger.send(ledger_writer::Message::Row(entry)).is_err() {
            tracing::error!("ledger writer stopped; a row was dropped");
        }
    }
}

/// What prices a call: who answered it, with which model, when.
#[derive(Debug, Clone)]
pub struct Priced {
    pub provider_id: String,
    pub preset: String,
    pub base_url: String,
    pub model: String,
    pub at_ms: i64,
}

impl Priced {
    pub fn new(provider: &ProviderRecord, model: &str, at_ms: i64) -> Self {
        Self {
            provider_id: provider.id.clone(),
            preset: provider.preset.clone(),
            base_url: provider.base_url.clone(),
            model: model.to_owned(),
            at_ms,
        }
    }

    pub fn query<'a>(&'a self, usage: &'a Usage) -> PriceQuery<'a> {
        PriceQuery {
            provider_id: &self.provider_id,
            preset: &self.preset,
            base_url: &self.base_url,
            model: &self.model,
            usage,
            at_ms: self.at_ms,
        }
    }
}

/// What a call cost, from what is known at its end. Usage with no tokens at all means the upstream said nothing:
/// if content had arrived the provider billed something we cannot know (unpriced); if not, nothing was billed.
pub fn cost_of(pricer: &Pricer, priced: &Priced, usage: &Usage, content_seen: bool) -> Option<Cost> {
    if usage.input_tokens == 0 && usage.output_tokens == 0 {
        return match content_seen {
            true => None,
            false => Some(Cost::free(PriceSource::NoAnswer)),
        };
    }
    pricer.price(&priced.query(usage))
}

pub struct Meter {
    books: Arc<Books>,
    entry: LedgerEntry,
    started: Instant,
    first_content: Option<Instant>,
    priced: Option<Priced>,
    /// False for a caller whose answer was shared from an identical call in flight: it paid nothing.
    paid: bool,
    /// Set for an answer replayed from the response cache: what its first call cost and took.
    hit: Option<(Option<i64>, i64)>,
    /// Set once the row is written.
    outcome: Option<Outcome>,
    /// What the answer wrote, counted when a call cut short had no usage reported for it.
    written: TextTally,
}

/// What a finished call cost and took, as its row says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub status: CallStatus,
    pub cost_usd_micros: Option<i64>,
    pub latency_ms: i64,
}

/// How much of an answer the meter keeps to count it exactly if it is cut short (the rest is estimated by size):
/// small, because every call in flight holds one.
const WRITTEN_KEPT: usize = 16 * 1024;

impl Meter {
    pub fn new(books: Arc<Books>, origin: &Origin, route: &str, trace_id: &str, started: Instant) -> Self {
        let entry = LedgerEntry {
            at: crate::store::now_ms(),
            origin: origin.label(),
            origin_kind: origin.kind(),
            access_key_id: origin.access_key_id().map(str::to_owned),
            conversation_id: origin.conversation_id().map(str::to_owned),
            message_id: origin.message_id().map(str::to_owned),
            route: route.to_owned(),
            provider_id: None,
            provider_name: None,
            model: None,
            attempts: 0,
            status: CallStatus::Error,
            error_category: None,
            streamed: false,
            usage: Usage::default(),
            latency_ms: 0,
            ttft_ms: None,
            trace_id: trace_id.to_owned(),
            cost: None,
            cache: crate::cache::CacheUse::Bypass,
            saved_cost_usd_micros: None,
            saved_latency_ms: None,
        };
        Self {
            books,
            entry,
            started,
            first_content: None,
            priced: None,
            paid: true,
            hit: None,
            outcome: None,
            written: TextTally::keeping(WRITTEN_KEPT),
        }
    }

    /// What the response cache did for the call.
    pub fn cache(&mut self, used: crate::cache::CacheUse) {
        self.entry.cache = used;
    }

    /// The call is answered from the cache with an answer whose first call cost `cost_usd_micros` and took
    /// `latency_ms`: nothing is billed, and the row says what was saved.
    pub fn hit(&mut self, served: &Served, streamed: bool, cost_usd_micros: Option<i64>, latency_ms: i64) {
        self.served(served, streamed);
        self.entry.cache = crate::cache::CacheUse::Hit;
        self.hit = Some((cost_usd_micros, latency_ms));
    }

    /// The row's figures, once it is written.
    pub fn outcome(&self) -> Option<Outcome> {
        self.outcome
    }

    pub fn served(&mut self, served: &Served, streamed: bool) {
        self.entry.provider_id = Some(served.provider.id.clone());
        self.entry.provider_name = Some(served.provider.name.clone());
        self.entry.model = Some(served.model.clone());
        self.entry.attempts = served.attempts;
        self.entry.streamed = streamed;
        self.paid = served.attempts > 0;
        self.priced = Some(Priced::new(&served.provider, &served.model, self.entry.at));
    }

    pub fn see(&mut self, chunk: &StreamChunk) {
        match chunk {
            StreamChunk::Usage(u) => self.entry.usage = *u,
            c if c.is_content() => {
                self.first_content.get_or_insert_with(Instant::now);
                self.written.see(c);
            }
            _ => {}
        }
    }

    pub fn answered(&mut self, usage: Usage) {
        self.entry.usage = usage;
        self.first_content.get_or_insert_with(Instant::now);
    }

    pub fn fail(&mut self, e: &Error) {
        if self.priced.is_none() {
            self.entry.attempts = e.attempts.unwrap_or(self.entry.attempts);
        }
        let status = match e.category {
            ErrorCategory::Cancelled => CallStatus::Cancelled,
            _ => CallStatus::Error,
        };
        self.finish(status, Some(e));
    }

    pub fn finish(&mut self, status: CallStatus, error: Option<&Error>) {
        if self.outcome.is_some() {
            return;
        }
        let mut entry = self.entry.clone();
        entry.status = status;
        if status == CallStatus::Cancelled && entry.usage.output_tokens == 0 && !self.written.is_empty() {
            // Stopped before the upstream said what it wrote: what arrived is counted (the input is the early
            // estimate, when there is one).
            entry.usage.output_tokens = self.written.tokens();
            entry.usage.estimated = true;
        }
        entry.error_category = error.map(|e| e.category).filter(|c| *c != ErrorCategory::Cancelled);
        entry.latency_ms = self.started.elapsed().as_millis() as i64;
        entry.ttft_ms = self.first_content.map(|t| t.duration_since(self.started).as_millis() as i64);
        entry.cost = match (&self.priced, self.paid) {
            (None, _) => Some(Cost::free(PriceSource::NoAnswer)),
            (Some(_), false) => Some(Cost::free(PriceSource::Shared)),
            (Some(priced), true) => cost_of(&self.books.pricer(), priced, &entry.usage, self.first_content.is_some()),
        };
        if let Some((saved_cost, first_latency)) = self.hit {
            // A replayed answer consumed no tokens; the ones it shows are its first call's.
            entry.usage = Usage::default();
            entry.cost = Some(Cost::free(PriceSource::Cached));
            if entry.status == CallStatus::Ok {
                entry.status = CallStatus::Cached;
                entry.saved_cost_usd_micros = saved_cost;
                entry.saved_latency_ms = Some((first_latency - entry.latency_ms).max(0));
            }
        }
        self.outcome = Some(Outcome {
            status: entry.status,
            cost_usd_micros: entry.cost.as_ref().map(|c| c.usd_micros),
            latency_ms: entry.latency_ms,
        });
        self.books.record(entry);
    }
}

impl Drop for Meter {
    fn drop(&mut self) {
        // Dropped before its end: the caller went away (a client hung up, a pane pressed Stop).
        self.finish(CallStatus::Cancelled, None);
    }
}

/// A caller's stream, metered: its row is written when it ends, fails, or is dropped.
pub struct Metered {
    inner: ChunkStream,
    meter: Meter,
}

impl Metered {
    pub fn new(inner: ChunkStream, meter: Meter) -> Self {
        Self { inner, meter }
    }
}

impl Stream for Metered {
    type Item = Result<StreamChunk>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        let next = this.inner.as_mut().poll_next(cx);
        match &next {
            Poll::Ready(Some(Ok(chunk))) => this.meter.see(chunk),
            Poll::Ready(Some(Err(e))) => this.meter.fail(e),
            Poll::Ready(None) => this.meter.finish(CallStatus::Ok, None),
            Poll::Pending => {}
        }
        next
    }
}

/// The upstream stream of a call that holds budget reservations: settles them with the real cost when the upstream
/// ends, fails or is dropped — once per upstream call, however many callers shared it.
pub struct Settling {
    inner: ChunkStream,
    books: Arc<Books>,
    hold: Option<Hold>,
    priced: Priced,
    usage: Usage,
    content_seen: bool,
}

impl Settling {
    pub fn new(inner: ChunkStream, books: Arc<Books>, hold: Hold, priced: Priced) -> Self {
        Self { inner, books, hold: Some(hold), priced, usage: Usage::default(), content_seen: false }
    }

    fn settle(&mut self) {
        if let Some(hold) = self.hold.take() {
            let cost = cost_of(&self.books.pricer(), &self.priced, &self.usage, self.content_seen);
            self.books.budgets.settle(hold, cost.map(|c| c.usd_micros));
        }
    }
}

impl Stream for Settling {
    type Item = Result<StreamChunk>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        let next = this.inner.as_mut().poll_next(cx);
        match &next {
            Poll::Ready(Some(Ok(StreamChunk::Usage(u)))) => this.usage = *u,
            Poll::Ready(Some(Ok(c))) if c.is_content() => this.content_seen = true,
            Poll::Ready(Some(Err(_)) | None) => this.settle(),
            _ => {}
        }
        next
    }
}

impl Drop for Settling {
    fn drop(&mut self) {
        self.settle();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::budget_book::SystemClock;
    use crate::cost::pricing::PriceOverride;
    use crate::ir::Wire;
    use futures::StreamExt;

    fn record(id: &str, preset: &str) -> ProviderRecord {
        ProviderRecord {
            id: id.into(),
            name: "P".into(),
            preset: preset.into(),
            base_url: "http://x".into(),
            has_key: true,
            extra_headers: vec![],
            default_model: None,
            models: vec![],
            created_at: 0,
            updated_at: 0,
        }
    }

    /// Model `m` of provider `p` at $1 per million tokens, in and out.
    fn one_micro_per_token() -> PriceOverride {
        PriceOverride {
            provider_id: "p".into(),
            model: "m".into(),
            currency: "USD".into(),
            input_micros: 1_000_000,
            output_micros: 1_000_000,
            cache_read_micros: None,
            cache_write_micros: None,
            reasoning_micros: None,
        }
    }

    /// Books whose rows land in the returned receiver; model `m` of provider `p` costs 1 µ$ per token.
    async fn books() -> (Arc<Books>, tokio::sync::mpsc::UnboundedReceiver<ledger_writer::Message>) {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let price = one_micro_per_token();
        let store = crate::store::Store::open_in_memory().unwrap();
        let budget = crate::cost::budgets::Budget {
            id: "b".into(),
            name: "All".into(),
            scope: crate::cost::budgets::BudgetScope::Global,
            period: crate::cost::budgets::BudgetPeriod::Month,
            limit_usd_micros: 1_000_000,
            action: crate::cost::budgets::BudgetAction::Notify,
        };
        store.call(move |c| crate::store::budgets::upsert(c, &budget, 0)).await.unwrap();
        let events = Events::start();
        let budgets = BudgetBook::new(store, events.clone(), Arc::new(SystemClock));
        (
            Arc::new(Books::new(
                tx,
                Pricer::new(vec![price], vec![]),
                budgets,
                events,
                Default::default(),
                crate::rate_limit::RateLimiter::new(Arc::new(crate::cost::budget_book::SystemClock)),
            )),
            rx,
        )
    }

    fn row(rx: &mut tokio::sync::mpsc::UnboundedReceiver<ledger_writer::Message>) -> LedgerEntry {
        match rx.try_recv().expect("a row was written") {
            ledger_writer::Message::Row(r) => r,
            ledger_writer::Message::Flush(_) => panic!("expected a row"),
        }
    }

    fn served(attempts: u32) -> Served {
        Served {
            provider: record("p", "custom"),
            model: "m".into(),
            attempts,
            wire: Wire::OpenAi,
            cache: Default::default(),
        }
    }

    fn origin() -> Origin {
        Origin::Gateway { key_id: "k".into(), key_name: "cli".into() }
    }

    fn usage(input: u32, output: u32) -> Usage {
        Usage { input_tokens: input, output_tokens: output, ..Default::default() }
    }

    #[tokio::test]
    async fn a_stream_read_to_its_end_is_ok_and_priced_from_its_usage() {
        let (books, mut rx) = books().await;
        let mut meter = Meter::new(books, &origin(), "r", "t1", Instant::now());
        meter.served(&served(2), true);
        let chunks = vec![Ok(StreamChunk::TextDelta("hi".into())), Ok(StreamChunk::Usage(usage(10, 5)))];
        let mut stream = Metered::new(futures::stream::iter(chunks).boxed(), meter);
        while stream.next().await.is_some() {}
        let r = row(&mut rx);
        assert_eq!((r.status, r.attempts, r.streamed, r.usage.output_tokens), (CallStatus::Ok, 2, true, 5));
        assert_eq!(r.cost.map(|c| (c.usd_micros, c.source)), Some((15, PriceSource::Override)));
        assert!(r.ttft_ms.is_some());
        assert_eq!((r.origin.as_str(), r.access_key_id.as_deref(), r.route.as_str()), ("gateway:cli", Some("k"), "r"));
        drop(stream);
        assert!(rx.try_recv().is_err(), "one row per call, even when dropped after its end");
    }

    #[tokio::test]
    async fn a_stream_dropped_early_is_cancelled_and_one_that_fails_is_an_error() {
        let (books, mut rx) = books().await;
        let mut meter = Meter::new(books.clone(), &origin(), "r", "t1", Instant::now());
        meter.served(&served(1), true);
        let chunks = vec![Ok(StreamChunk::TextDelta("hi".into()))];
        let mut stream = Metered::new(futures::stream::iter(chunks).chain(futures::stream::pending()).boxed(), meter);
        stream.next().await;
        drop(stream);
        let r = row(&mut rx);
        assert_eq!((r.status, r.error_category), (CallStatus::Cancelled, None));
        assert!(r.usage.estimated && r.usage.output_tokens > 0, "content arrived without usage: it is counted");
        assert!(r.cost.is_some_and(|c| c.usd_micros > 0), "and priced, not left at zero");

        let mut meter = Meter::new(books, &origin(), "r", "t2", Instant::now());
        meter.served(&served(1), true);
        let failed = Error::new(ErrorCategory::Upstream, "cut", "cut");
        let chunks = vec![Ok(StreamChunk::TextDelta("hi".into())), Err(failed)];
        let mut stream = Metered::new(futures::stream::iter(chunks).boxed(), meter);
        while stream.next().await.is_some() {}
        let r = row(&mut rx);
        assert_eq!((r.status, r.error_category), (CallStatus::Error, Some(ErrorCategory::Upstream)));
    }

    #[tokio::test]
    async fn an_answer_stopped_before_its_usage_counts_what_arrived_as_an_estimate() {
        let (books, mut rx) = books().await;
        let mut meter = Meter::new(books.clone(), &origin(), "r", "t1", Instant::now());
        meter.served(&served(1), true);
        let early = Usage { input_tokens: 12, estimated: true, ..Default::default() };
        let chunks = vec![
            Ok(StreamChunk::Usage(early)),
            Ok(StreamChunk::TextDelta("Hello there, ".into())),
            Ok(StreamChunk::TextDelta("how are you?".into())),
        ];
        let mut stream = Metered::new(futures::stream::iter(chunks).chain(futures::stream::pending()).boxed(), meter);
        for _ in 0..3 {
            stream.next().await;
        }
        drop(stream);
        let r = row(&mut rx);
        assert_eq!(r.status, CallStatus::Cancelled);
        let counted = crate::cost::tokens::count_text("Hello there, how are you?");
        assert_eq!((r.usage.input_tokens, r.usage.output_tokens, r.usage.estimated), (12, counted, true));

        // Stopped with nothing written: nothing is counted.
        let mut meter = Meter::new(books.clone(), &origin(), "r", "t2", Instant::now());
        meter.served(&served(1), true);
        drop(Metered::new(futures::stream::pending().boxed(), meter));
        assert_eq!(row(&mut rx).usage, Usage::default());

        // The upstream's own count, when it came, is kept.
        let mut meter = Meter::new(books, &origin(), "r", "t3", Instant::now());
        meter.served(&served(1), true);
        let reported = Usage { input_tokens: 5, output_tokens: 2, ..Default::default() };
        let chunks = vec![Ok(StreamChunk::TextDelta("a long text".into())), Ok(StreamChunk::Usage(reported))];
        let mut stream = Metered::new(futures::stream::iter(chunks).chain(futures::stream::pending()).boxed(), meter);
        stream.next().await;
        stream.next().await;
        drop(stream);
        assert_eq!(row(&mut rx).usage, reported);
    }

    #[tokio::test]
    async fn failures_before_an_answer_cost_nothing_and_shared_answers_are_paid_once() {
        let (books, mut rx) = books().await;
        let mut meter = Meter::new(books.clone(), &origin(), "r", "t1", Instant::now());
        meter.fail(&Error { attempts: Some(3), ..Error::new(ErrorCategory::Timeout, "slow", "slow") });
        let r = row(&mut rx);
        assert_eq!((r.status, r.attempts, r.provider_id), (CallStatus::Error, 3, None));
        assert_eq!(r.cost.map(|c| c.source), Some(PriceSource::NoAnswer));

        let mut meter = Meter::new(books.clone(), &origin(), "r", "t2", Instant::now());
        meter.fail(&Error::cancelled());
        let r = row(&mut rx);
        assert_eq!((r.status, r.error_category), (CallStatus::Cancelled, None));

        let mut meter = Meter::new(books, &origin(), "r", "t3", Instant::now());
        meter.served(&served(0), false);
        meter.answered(usage(10, 5));
        meter.finish(CallStatus::Ok, None);
        let r = row(&mut rx);
        assert_eq!(r.cost.map(|c| (c.usd_micros, c.source)), Some((0, PriceSource::Shared)));
        assert_eq!(r.usage.input_tokens, 10, "a shared answer still counts its tokens");
    }

    /// The budget's (spent, reserved) after a stream holding a 100 µ$ reservation ran as `chunks`, polled to its
    /// end (`to_end`) or dropped after its first item.
    async fn settled(chunks: Vec<Result<StreamChunk>>, to_end: bool) -> (i64, i64, usize) {
        let (books, _rx) = books().await;
        let covering = books.budgets.covering("p", None).await.unwrap();
        let hold = books.budgets.reserve(&covering, Some(100)).await.unwrap();
        let priced = Priced::new(&record("p", "custom"), "m", 0);
        let inner = futures::stream::iter(chunks).chain(futures::stream::pending());
        let mut stream = Settling::new(inner.boxed(), books.clone(), hold, priced);
        let mut seen = 0;
        loop {
            let next = stream.next().await;
            if next.as_ref().is_none_or(|r| r.is_err()) {
                break;
            }
            seen += 1;
            if !to_end {
                break;
            }
        }
        let status = books.budgets.statuses().await.unwrap().remove(0);
        let before_drop = (status.spent_usd_micros, status.reserved_usd_micros, seen);
        drop(stream);
        before_drop
    }

    #[tokio::test]
    async fn a_streamed_reservation_is_settled_at_the_end_with_the_real_cost() {
        let text = || Ok(StreamChunk::TextDelta("hi".into()));
        let ended = vec![text(), Ok(StreamChunk::Usage(usage(10, 5))), Err(Error::cancelled())];
        // 15 tokens at 1 µ$: settled when the stream ends, before it is dropped; every item passed on.
        assert_eq!(settled(ended, true).await, (15, 0, 2));
    }

    #[tokio::test]
    async fn a_stream_cut_off_counts_its_reservation_unless_nothing_came() {
        let (books, _rx) = books().await;
        let covering = books.budgets.covering("p", None).await.unwrap();
        let priced = Priced::new(&record("p", "custom"), "m", 0);
        for (chunks, expected) in [
            (vec![Ok(StreamChunk::TextDelta("hi".into()))], 100),
            (vec![Ok(StreamChunk::Start { id: None, model: None })], 0),
        ] {
            let hold = books.budgets.reserve(&covering, Some(100)).await.unwrap();
            let before = books.budgets.statuses().await.unwrap().remove(0).spent_usd_micros;
            let mut stream = Settling::new(futures::stream::iter(chunks).boxed(), books.clone(), hold, priced.clone());
            stream.next().await;
            drop(stream);
            let after = books.budgets.statuses().await.unwrap().remove(0);
            assert_eq!((after.spent_usd_micros - before, after.reserved_usd_micros), (expected, 0));
        }
    }

    #[tokio::test]
    async fn a_preamble_is_not_content() {
        let (books, mut rx) = books().await;
        let mut meter = Meter::new(books, &origin(), "r", "t1", Instant::now());
        meter.served(&served(1), true);
        let chunks = vec![Ok(StreamChunk::Start { id: None, model: None })];
        let mut stream = Metered::new(futures::stream::iter(chunks).boxed(), meter);
        while stream.next().await.is_some() {}
        let r = row(&mut rx);
        assert_eq!(r.ttft_ms, None, "no first token came");
        assert_eq!(r.cost.map(|c| c.source), Some(PriceSource::NoAnswer), "nothing was written, nothing billed");
    }

    #[test]
    fn silent_usage_is_unknown_after_content_and_free_before_it() {
        let pricer = Pricer::new(vec![], vec![]);
        let priced = Priced::new(&record("p", "custom"), "m", 0);
        assert_eq!(cost_of(&pricer, &priced, &Usage::default(), true), None);
        assert_eq!(cost_of(&pricer, &priced, &Usage::default(), false).map(|c| c.source), Some(PriceSource::NoAnswer));
        let local = Priced::new(&record("o", "ollama"), "llama3", 0);
        assert_eq!(cost_of(&pricer, &local, &usage(5, 5), true).map(|c| c.source), Some(PriceSource::Local));
        assert_eq!(cost_of(&pricer, &priced, &usage(5, 5), true), None, "an unknown model is unpriced");
        let paid = Pricer::new(vec![one_micro_per_token()], vec![]);
        assert_eq!(
            cost_of(&paid, &priced, &usage(0, 5), true).map(|c| c.usd_micros),
            Some(5),
            "output alone is billed"
        );
        assert_eq!(cost_of(&paid, &priced, &usage(5, 0), true).map(|c| c.usd_micros), Some(5), "input alone is billed");
    }
}
