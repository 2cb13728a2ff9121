namespace Sav.Gateway.Forms.Pages;

public enum FieldKind { Input, TextArea, Select, Files }
