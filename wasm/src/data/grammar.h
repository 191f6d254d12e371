// The grammar behind the corpus, as plain tables (corpus.cpp turns them into a vocabulary,
// an enumerated sentence distribution and a prefix trie). Kept apart so the Spanish can be
// read and reviewed without the machinery around it.
//
// A sentence is: pronoun [clitic] verb-form complement.
//   pronoun    uniform over pronouns(); fixes person (0..5 = yo, tú, él, nosotros, vosotros,
//              ellos) and gender (m, f, or either).
//   verb       uniform over verbs(); forms[person] agrees with the pronoun; reflexive verbs
//              put the clitic kClitics[person] before the form ("yo me levanto").
//   complement uniform over the verb's own list, so the object fits the verb.
// Complement words may be adjective slots that agree with the subject:
//   "@cansad"            gender and number: cansado / cansada / cansados / cansadas
//   "#feliz|felices"     number only: feliz / felices
// When the subject's gender is unknown (yo, tú, usted, ustedes) an "@" slot is masculine or
// feminine with probability 1/2 each.
#pragma once
#include <vector>

namespace er::grammar {

enum Gender { kMasc, kFem, kEither };

struct Pronoun {
  const char* word;
  int person;  // 0..2 singular 1st/2nd/3rd, 3..5 plural
  Gender gender;
};

struct Verb {
  const char* forms[6];  // yo, tú, él/ella/usted, nosotros, vosotros, ellos/ellas/ustedes
  bool reflexive;
  std::vector<const char*> complements;
};

inline const char* const kClitics[6] = {"me", "te", "se", "nos", "os", "se"};

// Function-local statics, not namespace-scope vectors: a Corpus built during static
// initialization in another file (a global) must still see the tables filled in.
inline const std::vector<Pronoun>& pronouns() {
  static const std::vector<Pronoun> table = {
    {"yo", 0, kEither},       {"tú", 1, kEither},       {"él", 2, kMasc},
    {"ella", 2, kFem},        {"usted", 2, kEither},    {"nosotros", 3, kMasc},
    {"nosotras", 3, kFem},    {"vosotros", 4, kMasc},   {"vosotras", 4, kFem},
    {"ellos", 5, kMasc},      {"ellas", 5, kFem},       {"ustedes", 5, kEither},
  };
  return table;
}

// clang-format off
inline const std::vector<Verb>& verbs() {
  static const std::vector<Verb> table = {
  // regular -ar
  {{"hablo", "hablas", "habla", "hablamos", "habláis", "hablan"}, false,
   {"español", "inglés", "con mi madre", "por teléfono"}},
  {{"trabajo", "trabajas", "trabaja", "trabajamos", "trabajáis", "trabajan"}, false,
   {"en casa", "en la oficina", "mucho", "los lunes"}},
  {{"estudio", "estudias", "estudia", "estudiamos", "estudiáis", "estudian"}, false,
   {"historia", "matemáticas", "en la biblioteca", "por la noche"}},
  {{"bailo", "bailas", "baila", "bailamos", "bailáis", "bailan"}, false,
   {"salsa", "en la fiesta", "muy bien"}},
  {{"compro", "compras", "compra", "compramos", "compráis", "compran"}, false,
   {"pan", "fruta", "un libro", "leche"}},
  {{"cocino", "cocinas", "cocina", "cocinamos", "cocináis", "cocinan"}, false,
   {"arroz", "la cena", "pescado"}},
  {{"escucho", "escuchas", "escucha", "escuchamos", "escucháis", "escuchan"}, false,
   {"música", "la radio", "a la profesora"}},
  {{"camino", "caminas", "camina", "caminamos", "camináis", "caminan"}, false,
   {"por el parque", "a la escuela", "mucho"}},
  {{"tomo", "tomas", "toma", "tomamos", "tomáis", "toman"}, false,
   {"café", "té", "el autobús", "agua"}},
  {{"viajo", "viajas", "viaja", "viajamos", "viajáis", "viajan"}, false,
   {"a madrid", "en tren", "mucho"}},
  {{"nado", "nadas", "nada", "nadamos", "nadáis", "nadan"}, false,
   {"en el mar", "en la piscina", "muy bien"}},
  {{"limpio", "limpias", "limpia", "limpiamos", "limpiáis", "limpian"}, false,
   {"la casa", "la cocina", "el coche"}},
  {{"visito", "visitas", "visita", "visitamos", "visitáis", "visitan"}, false,
   {"a mis abuelos", "el museo", "madrid"}},
  // regular -er
  {{"como", "comes", "come", "comemos", "coméis", "comen"}, false,
   {"pan", "fruta", "pescado", "arroz", "en casa"}},
  {{"bebo", "bebes", "bebe", "bebemos", "bebéis", "beben"}, false,
   {"agua", "leche", "café", "té", "zumo"}},
  {{"leo", "lees", "lee", "leemos", "leéis", "leen"}, false,
   {"un libro", "el periódico", "una carta", "novelas"}},
  {{"aprendo", "aprendes", "aprende", "aprendemos", "aprendéis", "aprenden"}, false,
   {"español", "inglés", "a nadar", "mucho"}},
  {{"corro", "corres", "corre", "corremos", "corréis", "corren"}, false,
   {"por el parque", "mucho", "muy rápido"}},
  {{"vendo", "vendes", "vende", "vendemos", "vendéis", "venden"}, false,
   {"fruta", "pan", "libros", "el coche"}},
  // regular -ir
  {{"vivo", "vives", "vive", "vivimos", "vivís", "viven"}, false,
   {"en madrid", "en una casa", "en el campo", "en la ciudad"}},
  {{"escribo", "escribes", "escribe", "escribimos", "escribís", "escriben"}, false,
   {"una carta", "un libro", "un mensaje", "poemas"}},
  {{"abro", "abres", "abre", "abrimos", "abrís", "abren"}, false,
   {"la puerta", "la ventana", "el libro"}},
  {{"subo", "subes", "sube", "subimos", "subís", "suben"}, false,
   {"la escalera", "al tren", "a la montaña"}},
  // irregular
  {{"soy", "eres", "es", "somos", "sois", "son"}, false,
   {"@alt", "@simpátic", "#feliz|felices", "#estudiante|estudiantes", "de madrid"}},
  {{"estoy", "estás", "está", "estamos", "estáis", "están"}, false,
   {"@cansad", "@content", "@enferm", "en casa", "en clase"}},
  {{"tengo", "tienes", "tiene", "tenemos", "tenéis", "tienen"}, false,
   {"hambre", "sed", "frío", "un perro", "dos hermanos"}},
  {{"voy", "vas", "va", "vamos", "vais", "van"}, false,
   {"a la escuela", "al cine", "a casa", "al parque", "a madrid"}},
  {{"hago", "haces", "hace", "hacemos", "hacéis", "hacen"}, false,
   {"la tarea", "deporte", "la cama", "la comida"}},
  {{"quiero", "quieres", "quiere", "queremos", "queréis", "quieren"}, false,
   {"agua", "un café", "pan", "un perro"}},
  {{"duermo", "duermes", "duerme", "dormimos", "dormís", "duermen"}, false,
   {"mucho", "poco", "ocho horas"}},
  {{"juego", "juegas", "juega", "jugamos", "jugáis", "juegan"}, false,
   {"al fútbol", "al tenis", "en el parque", "con mi hermano"}},
  {{"vengo", "vienes", "viene", "venimos", "venís", "vienen"}, false,
   {"a casa", "de madrid", "tarde", "mañana"}},
  {{"salgo", "sales", "sale", "salimos", "salís", "salen"}, false,
   {"de casa", "temprano", "con mis amigos"}},
  {{"conozco", "conoces", "conoce", "conocemos", "conocéis", "conocen"}, false,
   {"a maría", "la ciudad", "madrid"}},
  {{"veo", "ves", "ve", "vemos", "veis", "ven"}, false,
   {"la televisión", "una película", "el mar"}},
  // reflexive: the clitic agrees with the subject too
  {{"levanto", "levantas", "levanta", "levantamos", "levantáis", "levantan"}, true,
   {"temprano", "tarde", "a las siete"}},
  {{"ducho", "duchas", "ducha", "duchamos", "ducháis", "duchan"}, true,
   {"por la mañana", "por la noche"}},
  {{"acuesto", "acuestas", "acuesta", "acostamos", "acostáis", "acuestan"}, true,
   {"tarde", "temprano", "a las once"}},
  };
  return table;
}
// clang-format on

}  // namespace er::grammar
