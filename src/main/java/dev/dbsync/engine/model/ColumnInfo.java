package dev.dbsync.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One column of a table. {@code type} is PostgreSQL's {@code information_schema.data_type}
 * string ("bigint", "character varying", "ARRAY", "USER-DEFINED", ...); {@code udt} is the
 * underlying type name ("int8", "_text", "mood") and, for arrays, {@code elementType} is the
 * data_type of the elements. SQLite columns are described with the same vocabulary.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColumnInfo(
    String name,
    String type,
    boolean nullable,
    @JsonProperty("primary_key") boolean primaryKey,
    @JsonProperty("default") String defaultValue,
    @JsonProperty("max_length") Integer maxLength,
    Integer precision,
    Integer scale,
    String udt,
    @JsonProperty("element_type") String elementType,
    @JsonProperty("enum_values") List<String> enumValues) {

  public boolean isArray() {
    return "ARRAY".equals(type);
  }

  public boolean isEnum() {
    return enumValues != null;
  }

  public ColumnInfo withPrimaryKey(boolean pk) {
    return new ColumnInfo(name, type, nullable, pk, defaultValue, maxLength, precision, scale, udt,
        elementType, enumValues);
  }
}
