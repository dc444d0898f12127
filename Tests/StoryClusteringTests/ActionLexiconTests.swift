import Foundation
import Testing
@testable import StoryClustering

@Suite("Action lexicon")
struct ActionLexiconTests {
    let analyzer = FrenchAnalyzer()
    let lexicon: ActionLexicon

    init() { lexicon = ActionLexicon(analyzer: analyzer) }

    /// The action classes of a headline, by name.
    func actions(_ title: String) -> Set<String> {
        let facts = ItemFacts(title: analyzer.terms(title), lead: [], lexicon: lexicon)
        return Set(ActionLexicon.classes.indices.filter { facts.actions & (1 << UInt32($0)) != 0 }.map { ActionLexicon.classes[$0].name })
    }

    @Test func inflectionsOfListedFormsAreActions() {
        #expect(actions("Le PDG d’Ubisoft Montréal démissionne") == ["resign"])
        #expect(actions("Départ du patron de la filiale française") == ["resign"])
        #expect(actions("La Cnil inflige une amende de 150 millions d’euros") == ["fine"])
        #expect(actions("Le procès de l’ancien dirigeant s’ouvre à Paris") == ["probe"])
        #expect(actions("Le constructeur retarde la sortie de sa console") == ["delay"])
        #expect(actions("Le lancement officialisé par la direction") == ["launch"])
    }

    /// Headlines whose only "action" was a word sharing an action's stem: no class, so nothing to
    /// conflict with the event's real action.
    @Test func falseFriendsOfActionStemsAreNot() {
        #expect(actions("Fibre optique : le département de la Creuse entièrement raccordé") == [])
        #expect(actions("Un processeur gravé en 3 nm pour les ordinateurs portables") == [])
        #expect(actions("Les restaurants parisiens face à la hausse des loyers") == ["rise"])
        #expect(actions("Les chiffres officiels du chômage publiés jeudi") == [])
        #expect(actions("Un amendement au projet de loi sur le numérique") == [])
        #expect(actions("Une licence libre pour le nouveau moteur") == [])
        #expect(actions("Le succès inattendu d’un jeu français sur Steam") == [])
        #expect(actions("Enquête : les finances de la start-up au plus bas") == ["probe"])
        #expect(actions("Un article réservé aux abonnés sur la fibre") == [])
    }

    @Test func setPhrasesNameSomethingElse() {
        #expect(actions("Nouveau départ de feu dans un centre de données strasbourgeois") == [])
        #expect(actions("Départ du directeur technique, remplacé par son adjoint") == ["resign"])
        #expect(actions("Arrêt maladie : la télétransmission des avis devient obligatoire") == [])
        #expect(actions("Arrêt du service de messagerie le mois prochain") == ["cancel"])
    }

    /// A false friend must never hide a listed form, nor these inflections of listed ones.
    @Test func noFalseFriendCoversAListedForm() {
        for (_, forms) in ActionLexicon.classes {
            for form in forms.split(separator: " ") {
                let folded = FrenchAnalyzer.fold(String(form))
                #expect(!ActionLexicon.isFalseFriend(folded), "\(form) is read as a false friend")
            }
        }
        for word in ["commandons", "beneficiaire", "correction", "accordent", "finance", "ecart", "presentation",
                     "succession", "suspension", "nomination", "amende", "penalite", "fermeture", "reporte"] {
            #expect(!ActionLexicon.isFalseFriend(word), "\(word) is read as a false friend")
        }
    }
}
