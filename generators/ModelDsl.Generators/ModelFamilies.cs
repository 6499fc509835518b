using System.Collections.Generic;
using System.Linq;

namespace ModelDsl.Generators
{
    /// <summary>What a chain verb's arguments are, for the usage analyzer.</summary>
    internal enum ChainArgument
    {
        /// <summary>Numeric terms on the right-hand side (<c>On</c>, <c>Controls</c>): a role, a duplicate among them is collinear, a lagged outcome among them is checked against unit fixed effects.</summary>
        Regressor,

        /// <summary>One numeric variable with a role of its own (treatment, mediator, cohort, ...).</summary>
        Role,

        /// <summary>Categorical columns absorbed or added as dummies (<c>Fe</c>, <c>Factors</c>): a repeat is reported.</summary>
        FixedEffect,

        /// <summary>One or two categorical cluster columns.</summary>
        Cluster,

        /// <summary>A categorical column with no variable role (<c>RegressionModel.By</c>, the heterogeneity group).</summary>
        Category,

        /// <summary>
        /// <c>Instrument(endogenous, with: [instruments])</c>: the endogenous regressor(s) (the first parameter) and the excluded
        /// instruments (the second); the instrument rules read both, against the chain's regressors, controls and outcome.
        /// </summary>
        Instruments,

        /// <summary><c>GmmInstruments(variable, from, to)</c>: a series whose lags <c>from</c>…<c>to</c> instrument; a constant range is checked.</summary>
        LagRange,

        /// <summary>
        /// The threshold variable of a threshold model (<c>By</c>): it may also be a regressor or a control (Hansen 1999,
        /// xthreg), so it takes no part in the role rules; only the outcome in its place is reported (MDSL1014).
        /// </summary>
        ThresholdVariable,

        /// <summary>A number with a range the estimator needs (<c>Regimes(2)</c>, <c>Trim(0.01)</c>, <c>Anticipation(1)</c>, ...); a constant out of range is reported (MDSL1015).</summary>
        Setting,
    }

    /// <summary>One instance verb of a family's chain whose arguments the usage analyzer reads.</summary>
    /// <param name="ChainType">The runtime wrapper type that declares the verb (simple name, without the type parameter).</param>
    /// <param name="Name">The verb.</param>
    /// <param name="Kind">What its arguments are.</param>
    /// <param name="Role">The role its arguments play in the model, as diagnostics name it; null for verbs without one.</param>
    internal sealed record ChainVerb(string ChainType, string Name, ChainArgument Kind, string? Role);

    /// <summary>One static verb the generator writes into every schema type: <c>Regress(outcome)</c>, <c>Log(term)</c>, ...</summary>
    /// <param name="Name">The member name (and so a name no column handle may take).</param>
    /// <param name="ReturnType">The runtime type returned, without <c>global::ModelDsl.</c> and the schema argument.</param>
    /// <param name="Factory">The static method of <paramref name="ReturnType"/> the verb calls.</param>
    /// <param name="Parameter">The name of the handle parameter.</param>
    /// <param name="Summary">The XML doc summary.</param>
    /// <param name="ParameterDoc">The XML doc of the handle parameter.</param>
    /// <param name="Returns">The XML doc of the return value.</param>
    /// <param name="PanelOnly">Written only into <c>[Panel]</c> schemas (the verb needs unit and time).</param>
    /// <param name="PeriodsDoc">The XML doc of a second parameter <c>int periods = 1</c> (lags and leads); null when there is none.</param>
    /// <param name="ParameterType">The handle parameter's runtime type, without <c>global::ModelDsl.</c> and the schema argument: every verb today takes a numeric term (<c>NumericTerm</c>).</param>
    internal sealed record GeneratedVerb(
        string Name,
        string ReturnType,
        string Factory,
        string Parameter,
        string Summary,
        string ParameterDoc,
        string Returns,
        bool PanelOnly = false,
        string? PeriodsDoc = null,
        string ParameterType = "NumericTerm");

    /// <summary>
    /// One model family of the typed DSL: the static verbs that start it, the runtime wrapper types its chain runs
    /// through, and the chain verbs whose arguments the usage analyzer checks.
    /// </summary>
    /// <param name="Name">The family, for documentation.</param>
    /// <param name="Verbs">The generated verbs that start a model of this family.</param>
    /// <param name="ChainTypes">The wrapper types whose instance verbs form the chain (the first is the one the verbs return).</param>
    /// <param name="OutcomeRole">What the verb's handle argument is called in diagnostics ("outcome", "treatment").</param>
    /// <param name="ChainVerbs">The chain verbs with arguments the analyzer reads.</param>
    internal sealed record ModelFamily(string Name, IReadOnlyList<GeneratedVerb> Verbs, IReadOnlyList<string> ChainTypes, string OutcomeRole, IReadOnlyList<ChainVerb> ChainVerbs);

    /// <summary>
    /// The one table of the typed DSL's model families. The emitter writes the verbs from it (in table order), the
    /// builder derives the member names a column handle may not take from it, and the usage analyzer learns from it which
    /// runtime types form a model chain and what each chain verb's arguments are. Adding a family is one row here plus
    /// its runtime wrapper in <c>src/ModelDsl/Dsl/Typed</c> (see docs/generator.md, "Adding a model family").
    /// </summary>
    /// <remarks>Static data, never part of a pipeline model: it is the same in every compilation, so it cannot break caching.</remarks>
    internal static class ModelFamilies
    {
        private const string Outcome = "outcome";

        /// <summary>The loader, written first (its documentation depends on the schema, so the emitter writes its text).</summary>
        public const string LoadMember = "Load";

        /// <summary>The private field that holds the schema.</summary>
        public const string SchemaField = "ModelDslSchema";

        /// <summary>The nested class that holds a record schema's handles.</summary>
        public const string ColumnsClass = "Columns";

        /// <summary>The families, in the order their verbs are written.</summary>
        public static readonly IReadOnlyList<ModelFamily> All = new[]
        {
            new ModelFamily(
                "Linear regression",
                new[]
                {
                    ModelVerb("Regress", "RegressionModel", "Create", "outcome", "Starts a linear regression of <paramref name=\"outcome\"/>.", "The dependent variable.", "A model to complete with <c>On</c>, <c>Controls</c>, <c>Fe</c>, <c>Cluster</c> and <c>Fit</c>."),
                },
                new[] { "RegressionModel", "RegressionModelSet", "InstrumentalModel" },
                Outcome,
                new[]
                {
                    new ChainVerb("RegressionModel", "On", ChainArgument.Regressor, "regressor"),
                    new ChainVerb("RegressionModel", "Controls", ChainArgument.Regressor, "control"),
                    new ChainVerb("RegressionModel", "Fe", ChainArgument.FixedEffect, null),
                    new ChainVerb("RegressionModel", "Cluster", ChainArgument.Cluster, null),
                    new ChainVerb("RegressionModel", "By", ChainArgument.Category, null),
                    new ChainVerb("RegressionModel", "Instrument", ChainArgument.Instruments, null),
                    new ChainVerb("RegressionModelSet", "Fe", ChainArgument.FixedEffect, null),
                    new ChainVerb("RegressionModelSet", "Cluster", ChainArgument.Cluster, null),

                    // Instrumental variables continue a regression's chain: Regress(y).On(x).Instrument(x, with: [z]).Fe(c).Liml().
                    new ChainVerb("InstrumentalModel", "Instrument", ChainArgument.Instruments, null),
                    new ChainVerb("InstrumentalModel", "On", ChainArgument.Regressor, "regressor"),
                    new ChainVerb("InstrumentalModel", "Controls", ChainArgument.Regressor, "control"),
                    new ChainVerb("InstrumentalModel", "Fe", ChainArgument.FixedEffect, null),
                    new ChainVerb("InstrumentalModel", "Cluster", ChainArgument.Cluster, null),
                }),
            new ModelFamily(
                "Binary choice",
                new[]
                {
                    ModelVerb("Logit", "BinaryChoiceModel", "Logit", "outcome", "Starts a logit (binary choice, logistic link) of <paramref name=\"outcome\"/>.", "The 0/1 dependent variable.", "A model to complete with <c>On</c>, <c>Controls</c>, <c>Factors</c>, <c>Cluster</c> and <c>Fit</c>."),
                    ModelVerb("Probit", "BinaryChoiceModel", "Probit", "outcome", "Starts a probit (binary choice, normal link) of <paramref name=\"outcome\"/>.", "The 0/1 dependent variable.", "A model to complete with <c>On</c>, <c>Controls</c>, <c>Factors</c>, <c>Cluster</c> and <c>Fit</c>."),
                },
                new[] { "BinaryChoiceModel" },
                Outcome,
                new[]
                {
                    new ChainVerb("BinaryChoiceModel", "On", ChainArgument.Regressor, "regressor"),
                    new ChainVerb("BinaryChoiceModel", "Controls", ChainArgument.Regressor, "control"),
                    new ChainVerb("BinaryChoiceModel", "Factors", ChainArgument.FixedEffect, null),
                    new ChainVerb("BinaryChoiceModel", "Cluster", ChainArgument.Cluster, null),
                }),
            new ModelFamily(
                "Mediation",
                new[]
                {
                    ModelVerb("Mediate", "MediationModel", "Create", "outcome", "Starts a Baron–Kenny mediation analysis of <paramref name=\"outcome\"/>.", "The dependent variable.", "A model to complete with <c>Treatment</c>, <c>Through</c>, <c>Controls</c>, <c>Fe</c>, <c>Cluster</c> and <c>Fit</c>."),
                },
                new[] { "MediationModel" },
                Outcome,
                new[]
                {
                    new ChainVerb("MediationModel", "Treatment", ChainArgument.Role, "treatment"),
                    new ChainVerb("MediationModel", "Through", ChainArgument.Role, "mediator"),
                    new ChainVerb("MediationModel", "Controls", ChainArgument.Regressor, "control"),
                    new ChainVerb("MediationModel", "Fe", ChainArgument.FixedEffect, null),
                    new ChainVerb("MediationModel", "Cluster", ChainArgument.Cluster, null),
                }),
            new ModelFamily(
                "Moderation",
                new[]
                {
                    ModelVerb("Moderate", "ModerationModel", "Create", "outcome", "Starts a moderation analysis of <paramref name=\"outcome\"/>.", "The dependent variable.", "A model to complete with <c>Effect</c>, <c>By</c>, <c>At</c>, <c>Fe</c>, <c>Cluster</c> and <c>Fit</c>."),
                },
                new[] { "ModerationModel" },
                Outcome,
                new[]
                {
                    new ChainVerb("ModerationModel", "Effect", ChainArgument.Role, "focal variable"),
                    new ChainVerb("ModerationModel", "By", ChainArgument.Role, "moderator"),
                    new ChainVerb("ModerationModel", "Controls", ChainArgument.Regressor, "control"),
                    new ChainVerb("ModerationModel", "Fe", ChainArgument.FixedEffect, null),
                    new ChainVerb("ModerationModel", "Cluster", ChainArgument.Cluster, null),
                }),
            new ModelFamily(
                "Propensity-score matching",
                new[]
                {
                    ModelVerb("Match", "MatchingModel", "Create", "treatment", "Starts a propensity-score matching on the 0/1 <paramref name=\"treatment\"/>.", "The treatment indicator.", "A model to complete with <c>On</c>, the method, <c>Outcome</c> and <c>Fit</c> (or <c>ThenRegress</c> for a PSM-DID)."),
                },
                new[] { "MatchingModel" },
                "treatment",
                new[]
                {
                    new ChainVerb("MatchingModel", "On", ChainArgument.Regressor, "score covariate"),
                    new ChainVerb("MatchingModel", "Factors", ChainArgument.FixedEffect, null),
                    new ChainVerb("MatchingModel", "Outcome", ChainArgument.Role, "outcome"),
                }),
            new ModelFamily(
                "Difference-in-differences",
                new[]
                {
                    ModelVerb("Did", "DidModel", "Create", "outcome", "Starts a difference-in-differences of <paramref name=\"outcome\"/>.", "The dependent variable.", "A model to complete with <c>Cohort</c> or <c>Treated</c>, <c>Fe</c>, <c>Cluster</c> and <c>Fit</c>.", panelOnly: true),
                },
                new[] { "DidModel" },
                Outcome,
                new[]
                {
                    new ChainVerb("DidModel", "Cohort", ChainArgument.Role, "cohort"),
                    new ChainVerb("DidModel", "Treated", ChainArgument.Role, "treatment indicator"),
                    new ChainVerb("DidModel", "Controls", ChainArgument.Regressor, "control"),
                    new ChainVerb("DidModel", "Fe", ChainArgument.FixedEffect, null),
                    new ChainVerb("DidModel", "Cluster", ChainArgument.Cluster, null),
                }),
            new ModelFamily(
                "Event study",
                new[]
                {
                    ModelVerb("EventStudy", "EventStudyModel", "Create", "outcome", "Starts an event study of <paramref name=\"outcome\"/>.", "The dependent variable.", "A model to complete with <c>Cohort</c>, <c>Window</c>, <c>Fe</c>, <c>Cluster</c> and <c>Fit</c>.", panelOnly: true),
                },
                new[] { "EventStudyModel" },
                Outcome,
                new[]
                {
                    new ChainVerb("EventStudyModel", "Cohort", ChainArgument.Role, "cohort"),
                    new ChainVerb("EventStudyModel", "Controls", ChainArgument.Regressor, "control"),
                    new ChainVerb("EventStudyModel", "Fe", ChainArgument.FixedEffect, null),
                    new ChainVerb("EventStudyModel", "Cluster", ChainArgument.Cluster, null),
                }),
            // The verb is Gmm, not DynamicPanel: inside any namespace under ModelDsl the name DynamicPanel binds to the
            // namespace ModelDsl.DynamicPanel before a using-static member, so DynamicPanel(y) would not compile there.
            new ModelFamily(
                "Dynamic panel GMM",
                new[]
                {
                    ModelVerb("Gmm", "DynamicPanelModel", "Create", "outcome", "Starts a dynamic-panel GMM model (Arellano–Bond difference GMM, Blundell–Bond system GMM) of <paramref name=\"outcome\"/>; the string-keyed twin is <c>Model.DynamicPanel</c>.", "The dependent variable, in levels.", "A model to complete with <c>On</c>, <c>GmmInstruments</c>, <c>IvInstruments</c> and <c>Fit</c>.", panelOnly: true),
                },
                new[] { "DynamicPanelModel" },
                Outcome,
                new[]
                {
                    new ChainVerb("DynamicPanelModel", "On", ChainArgument.Regressor, "regressor"),
                    new ChainVerb("DynamicPanelModel", "GmmInstruments", ChainArgument.LagRange, null),
                }),
            new ModelFamily(
                "Panel threshold regression",
                new[]
                {
                    ModelVerb("Threshold", "ThresholdModel", "Create", "outcome", "Starts a fixed-effects panel threshold regression (Hansen 1999; xthreg) of <paramref name=\"outcome\"/>; the string-keyed twin is <c>Model.Threshold</c>.", "The dependent variable.", "A model to complete with <c>On</c>, <c>By</c>, <c>Regimes</c>, <c>Controls</c>, <c>Fe</c> and <c>Fit</c>.", panelOnly: true),
                },
                new[] { "ThresholdModel" },
                Outcome,
                new[]
                {
                    new ChainVerb("ThresholdModel", "On", ChainArgument.Regressor, "regime-dependent regressor"),
                    new ChainVerb("ThresholdModel", "Controls", ChainArgument.Regressor, "control"),
                    new ChainVerb("ThresholdModel", "By", ChainArgument.ThresholdVariable, null),
                    new ChainVerb("ThresholdModel", "Fe", ChainArgument.FixedEffect, null),
                    new ChainVerb("ThresholdModel", "Cluster", ChainArgument.Cluster, null),
                    new ChainVerb("ThresholdModel", "Regimes", ChainArgument.Setting, null),
                    new ChainVerb("ThresholdModel", "Trim", ChainArgument.Setting, null),
                }),
            new ModelFamily(
                "Callaway–Sant'Anna group-time DID",
                new[]
                {
                    ModelVerb("CallawaySantAnna", "CallawaySantAnnaModel", "Create", "outcome", "Starts a Callaway–Sant'Anna (2021) group-time difference-in-differences of <paramref name=\"outcome\"/>; the string-keyed twin is <c>Model.CallawaySantAnna</c>.", "The dependent variable.", "A model to complete with <c>Cohort</c>, <c>Covariates</c>, the comparison group and <c>Fit</c>.", panelOnly: true),
                },
                new[] { "CallawaySantAnnaModel" },
                Outcome,
                new[]
                {
                    new ChainVerb("CallawaySantAnnaModel", "Cohort", ChainArgument.Role, "cohort"),
                    new ChainVerb("CallawaySantAnnaModel", "Covariates", ChainArgument.Regressor, "covariate"),
                    new ChainVerb("CallawaySantAnnaModel", "Cluster", ChainArgument.Cluster, null),
                    new ChainVerb("CallawaySantAnnaModel", "Anticipation", ChainArgument.Setting, null),
                }),
            new ModelFamily(
                "Imputation event study",
                new[]
                {
                    ModelVerb("Imputation", "ImputationModel", "Create", "outcome", "Starts an imputation event study (Borusyak, Jaravel and Spiess 2024) of <paramref name=\"outcome\"/>; the string-keyed twin is <c>Model.Imputation</c>.", "The dependent variable.", "A model to complete with <c>Cohort</c>, <c>Controls</c>, <c>Fe</c>, <c>Cluster</c> and <c>Fit</c>.", panelOnly: true),
                },
                new[] { "ImputationModel" },
                Outcome,
                new[]
                {
                    new ChainVerb("ImputationModel", "Cohort", ChainArgument.Role, "cohort"),
                    new ChainVerb("ImputationModel", "Controls", ChainArgument.Regressor, "control"),
                    new ChainVerb("ImputationModel", "Fe", ChainArgument.FixedEffect, null),
                    new ChainVerb("ImputationModel", "Cluster", ChainArgument.Cluster, null),
                    new ChainVerb("ImputationModel", "Anticipation", ChainArgument.Setting, null),
                    new ChainVerb("ImputationModel", "PreTrends", ChainArgument.Setting, null),
                    new ChainVerb("ImputationModel", "Horizons", ChainArgument.Setting, null),
                }),
            new ModelFamily(
                "Switching treatment DID (DID_M)",
                new[]
                {
                    ModelVerb("SwitchingDid", "SwitchingDidModel", "Create", "outcome", "Starts a DID_M (de Chaisemartin and D'Haultfœuille 2020) of <paramref name=\"outcome\"/> for a treatment that switches on and off; the string-keyed twin is <c>Model.SwitchingDid</c>.", "The dependent variable.", "A model to complete with <c>Treated</c>, <c>Cluster</c>, <c>Bootstrap</c> and <c>Fit</c>.", panelOnly: true),
                },
                new[] { "SwitchingDidModel" },
                Outcome,
                new[]
                {
                    new ChainVerb("SwitchingDidModel", "Treated", ChainArgument.Role, "treatment indicator"),
                    new ChainVerb("SwitchingDidModel", "Cluster", ChainArgument.Cluster, null),
                }),
        };

        /// <summary>The term functions written after the cross-section families' verbs; lags and leads need a panel.</summary>
        public static readonly IReadOnlyList<GeneratedVerb> TermFunctions = new[]
        {
            new GeneratedVerb("Log", "NumericTerm", "Log", "term", "The natural logarithm of <paramref name=\"term\"/>.", "A numeric column or term.", "The term <c>log(term)</c>."),
            new GeneratedVerb("Lag", "NumericTerm", "Lag", "term", "The value of <paramref name=\"term\"/> <paramref name=\"periods\"/> periods earlier within the same unit.", "A numeric column or term.", "The term <c>L{periods}.term</c>.", PanelOnly: true, PeriodsDoc: "How many periods back; positive."),
            new GeneratedVerb("Lead", "NumericTerm", "Lead", "term", "The value of <paramref name=\"term\"/> <paramref name=\"periods\"/> periods later within the same unit.", "A numeric column or term.", "The term <c>F{periods}.term</c>.", PanelOnly: true, PeriodsDoc: "How many periods ahead; positive."),
        };

        /// <summary>
        /// Every static member the generator writes, in the order it writes them: the loader, the cross-section families'
        /// verbs, the term functions, then (panels only) the panel term functions and the panel families' verbs.
        /// </summary>
        /// <param name="isPanel">Whether the schema is a <c>[Panel]</c>.</param>
        public static IEnumerable<GeneratedVerb> VerbsInOrder(bool isPanel)
        {
            var familyVerbs = All.SelectMany(static f => f.Verbs).ToList();
            foreach (var verb in familyVerbs.Where(static v => !v.PanelOnly))
            {
                yield return verb;
            }

            foreach (var function in TermFunctions.Where(static v => !v.PanelOnly))
            {
                yield return function;
            }

            if (!isPanel)
            {
                yield break;
            }

            foreach (var function in TermFunctions.Where(static v => v.PanelOnly))
            {
                yield return function;
            }

            foreach (var verb in familyVerbs.Where(static v => v.PanelOnly))
            {
                yield return verb;
            }
        }

        /// <summary>The members the generator adds to a class schema type, in writing order; the type may not have one of these names (CS0542).</summary>
        /// <param name="isPanel">Whether the schema is a <c>[Panel]</c>.</param>
        public static string[] GeneratedMembers(bool isPanel) =>
            new[] { LoadMember }.Concat(VerbsInOrder(isPanel).Select(static v => v.Name)).Concat(new[] { SchemaField }).ToArray();

        /// <summary>
        /// Names no column handle may take: every generated member of a panel (a superset of a cross-section's, so a
        /// handle does not change when <c>[Dataset]</c> becomes <c>[Panel]</c>), the <see cref="ColumnsClass"/> of a
        /// record, and the members every type inherits from <see cref="object"/>.
        /// </summary>
        public static readonly IReadOnlyCollection<string> ReservedMembers = new HashSet<string>(
            GeneratedMembers(isPanel: true).Concat(new[] { ColumnsClass, "Equals", "GetHashCode", "GetType", "ToString", "ReferenceEquals", "MemberwiseClone", "Finalize" }),
            System.StringComparer.Ordinal);

        /// <summary>The runtime types whose instance verbs form a model chain, as metadata names (<c>ModelDsl.RegressionModel`1</c>).</summary>
        public static IEnumerable<string> ChainMetadataNames => All.SelectMany(static f => f.ChainTypes).Select(static t => "ModelDsl." + t + "`1");

        /// <summary>The family a chain starts in: by the generated verb's name, else by the wrapper type the start returns (a direct <c>Create</c>).</summary>
        /// <param name="verb">The name of the static method that starts the chain.</param>
        /// <param name="returnedType">The simple name of the type it returns.</param>
        public static ModelFamily? StartedBy(string verb, string returnedType) =>
            All.FirstOrDefault(f => f.Verbs.Any(v => v.Name == verb)) ?? All.FirstOrDefault(f => f.ChainTypes.Contains(returnedType));

        /// <summary>The chain verb <paramref name="name"/> of <paramref name="chainType"/>, or null when its arguments are not read.</summary>
        /// <param name="chainType">The simple name of the wrapper type that declares the verb.</param>
        /// <param name="name">The verb.</param>
        public static ChainVerb? FindChainVerb(string chainType, string name) =>
            All.SelectMany(static f => f.ChainVerbs).FirstOrDefault(v => v.ChainType == chainType && v.Name == name);

        private static GeneratedVerb ModelVerb(string name, string wrapper, string factory, string parameter, string summary, string parameterDoc, string returns, bool panelOnly = false) =>
            new(name, wrapper, factory, parameter, summary, parameterDoc, returns, panelOnly);
    }
}
