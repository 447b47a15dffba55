package dev.dbsync.engine.mask;

import java.util.List;

/** The words masked names, cities, addresses and texts are made of. */
final class Words {
  private Words() {}

  static final List<String> FIRST_NAMES = List.of("Ada", "Alan", "Amara", "Ana", "Arjun",
      "Ben", "Bianca", "Carlos", "Chen", "Chloe", "Daniel", "Dara", "Elena", "Emeka", "Emma",
      "Farah", "Felix", "Grace", "Hana", "Hugo", "Ines", "Ivan", "Jade", "James", "Jonas",
      "Julia", "Kai", "Kenji", "Lara", "Leo", "Lina", "Luca", "Maya", "Mateo", "Mia", "Nadia",
      "Noah", "Nora", "Omar", "Olivia", "Pablo", "Priya", "Rafael", "Rosa", "Sam", "Sara",
      "Sofia", "Tariq", "Theo", "Uma", "Victor", "Wei", "Yara", "Yusuf", "Zoe", "Zara");

  static final List<String> LAST_NAMES = List.of("Adams", "Alvarez", "Baker", "Bianchi",
      "Brown", "Chen", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hansen", "Ito",
      "Jensen", "Khan", "Kim", "Kowalski", "Lambert", "Lopez", "Martin", "Meyer", "Moreau",
      "Nakamura", "Novak", "Okafor", "Olsen", "Patel", "Perez", "Quinn", "Rossi", "Sato",
      "Schmidt", "Silva", "Smith", "Tanaka", "Taylor", "Usman", "Varga", "Wagner", "Walker",
      "Weber", "Wilson", "Xu", "Yilmaz", "Young", "Zhang", "Ziegler");

  static final List<String> CITIES = List.of("Springfield", "Riverton", "Fairview",
      "Lakeside", "Greenville", "Bridgeport", "Oakridge", "Maplewood", "Ashford", "Westbrook",
      "Northfield", "Kingsport", "Brookhaven", "Clearwater", "Elmstead", "Harborview",
      "Millbrook", "Pinecrest", "Stonebridge", "Windermere");

  static final List<String> STREETS = List.of("Maple", "Oak", "Cedar", "Elm", "Pine",
      "Birch", "Willow", "Chestnut", "Hill", "Lake", "River", "Park", "Mill", "Church",
      "Station", "Garden", "Meadow", "Orchard", "Spring", "Valley");

  static final List<String> STREET_TYPES = List.of("Street", "Avenue", "Road", "Lane",
      "Drive", "Way", "Court", "Place");

  static final List<String> LOREM = List.of("lorem", "ipsum", "dolor", "sit", "amet",
      "consectetur", "adipiscing", "elit", "sed", "do", "eiusmod", "tempor", "incididunt",
      "ut", "labore", "et", "dolore", "magna", "aliqua", "enim", "ad", "minim", "veniam",
      "quis", "nostrud", "exercitation", "ullamco", "laboris", "nisi", "aliquip", "ex", "ea",
      "commodo", "consequat");
}
